extension CivilDate {
    /// Parses the IB date form `yyyyMMdd` (exactly eight ASCII digits naming a real date).
    ///
    /// IB sends daily-bar dates and contract expiries in this form; anything else (dashes, spaces, signs,
    /// impossible dates) is rejected with `nil` so callers can report a validation error.
    ///
    /// - Parameter text: The text to parse, for example `"20241220"`.
    public init?(yyyyMMdd text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 8 else {
            return nil
        }
        var digits: [Int] = []
        digits.reserveCapacity(8)
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                return nil
            }
            digits.append(Int(byte - UInt8(ascii: "0")))
        }
        let year = digits[0] * 1_000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        let month = digits[4] * 10 + digits[5]
        let day = digits[6] * 10 + digits[7]
        self.init(year: year, month: month, day: day)
    }

    /// The date as `yyyyMMdd`, the form IB uses for daily bars and expiries (zero-padded, no separators).
    public var yyyyMMdd: String {
        Self.pad(year, width: 4) + Self.pad(month, width: 2) + Self.pad(day, width: 2)
    }

    private static func pad(_ value: Int, width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
