import MarketCalendar

/// IB's UTC end-time form, `yyyyMMdd-HH:mm:ss` (DESIGN invariant 8), written as bytes.
///
/// The planner spells one end time per chunk, for its id and again where the chunk is stored; writing digits
/// into a reused buffer keeps that from making several strings per chunk.
enum EndDateTimeText {
    /// Appends the text for a UTC instant to `bytes`.
    ///
    /// - Parameters:
    ///   - epochSeconds: Seconds since 1970-01-01 00:00:00 UTC.
    ///   - bytes: Receives e.g. `20240105-21:00:00`.
    static func write(_ epochSeconds: Int64, into bytes: inout [UInt8]) {
        let day = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secondOfDay = Int(epochSeconds - day * 86_400)
        let date = CivilDate(daysSinceEpoch: Int(day))
        if (0...9_999).contains(date.year) {
            appendDigits(date.year, count: 4, to: &bytes)
            appendDigits(date.month, count: 2, to: &bytes)
            appendDigits(date.day, count: 2, to: &bytes)
        } else {
            // Years IB never sees; spelled as CivilDate spells them rather than assumed to have four digits.
            bytes.append(contentsOf: date.yyyyMMdd.utf8)
        }
        bytes.append(UInt8(ascii: "-"))
        appendDigits(secondOfDay / 3_600, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, count: 2, to: &bytes)
    }

    /// The text for a UTC instant.
    static func text(_ epochSeconds: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(17)
        write(epochSeconds, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Exactly `count` decimal digits of a value below 10^count, zero-padded.
    private static func appendDigits(_ value: Int, count: Int, to bytes: inout [UInt8]) {
        let start = bytes.count
        var rest = value
        for _ in 0..<count {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
        bytes[start...].reverse()
    }
}
