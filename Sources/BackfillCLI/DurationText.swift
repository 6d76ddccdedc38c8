/// Durations typed on the command line: `90s`, `15m`, `6h`, `2d`, or plain seconds.
enum DurationText {
    /// Whole seconds, or `nil` when the text is not a non-negative duration.
    static func seconds(_ text: String) -> Int64? {
        let lower = text.lowercased().filter { !$0.isWhitespace }
        let units: [(suffix: String, seconds: Int64)] = [("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400)]
        for unit in units where lower.hasSuffix(unit.suffix) {
            guard let value = Int64(lower.dropLast()), value >= 0 else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: unit.seconds)
            return overflow ? nil : product
        }
        guard let value = Int64(lower), value >= 0 else { return nil }
        return value
    }
}
