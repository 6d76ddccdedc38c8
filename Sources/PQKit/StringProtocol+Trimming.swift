extension StringProtocol {
    /// The text without the leading and trailing characters that match `isTrimmed` (Foundation's
    /// `trimmingCharacters(in:)`, which this module does without: see `BlockingIO.ThreadCondition`).
    func trimming(where isTrimmed: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isTrimmed($0) }) else { return "" }
        let last = lastIndex(where: { !isTrimmed($0) }) ?? first
        return String(self[first...last])
    }
}
