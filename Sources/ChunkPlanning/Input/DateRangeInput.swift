import MarketCalendar

/// `--from` / `--to` as users write them, in UTC: inclusive dates (`2015-01-01`, `20150101`) or full timestamps
/// (`2024-01-05T14:30:00Z`, `2024-01-05 14:30:00`, `20240105-14:30:00`).
///
/// A date as `--to` means the whole of that day, so the range is `[from, to + 1 day)`; a timestamp is taken as is.
public struct DateRangeInput: Sendable, Hashable {
    /// Epoch seconds, inclusive.
    public let start: Int64
    /// Epoch seconds, exclusive.
    public let end: Int64

    /// - Throws: ``InputError`` with one sentence naming the bad value.
    public init(from: String, to: String) throws(InputError) {
        let start = try Self.instant(from, endOfDay: false, flag: "--from")
        let end = try Self.instant(to, endOfDay: true, flag: "--to")
        for (value, text, flag) in [(start, from, "--from"), (end, to, "--to")] where !Self.plausible.contains(value) {
            // Year 0 once planned chunks ending in the year 4: IB has nothing before 1970 or centuries ahead.
            throw InputError("\(flag) '\(text)' is outside 1970-01-01 to 2199-12-31.")
        }
        guard start < end else {
            throw InputError("--to (\(to)) is before --from (\(from)); the range is empty.")
        }
        self.start = start
        self.end = end
    }

    /// Epoch seconds from 1970-01-01 to 2200-01-01 (the end of 2199-12-31).
    static let plausible: ClosedRange<Int64> = 0...7_258_118_400

    static func instant(_ text: String, endOfDay: Bool, flag: String) throws(InputError) -> Int64 {
        let trimmed = String(text.filter { !$0.isWhitespace || $0 == " " }).trimmingPlainSpaces()
        let digits = trimmed.filter(\.isNumber)
        if trimmed.count == 10 || trimmed.count == 8, let date = CivilDate(yyyyMMdd: digits), digits.count == 8,
            trimmed.allSatisfy({ $0.isNumber || $0 == "-" })
        {
            return endOfDay ? date.adding(days: 1).utcMidnight : date.utcMidnight
        }
        // yyyy-MM-ddTHH:mm:ss[Z] | yyyy-MM-dd HH:mm:ss | yyyyMMdd-HH:mm:ss
        let characters = Array(trimmed.hasSuffix("Z") ? String(trimmed.dropLast()) : trimmed)
        let dateDigits = String(
            characters.prefix(while: { $0 != "T" && $0 != " " && !($0 == "-" && characters.count == 17) })
        )
        let timePart = String(characters.dropFirst(dateDigits.count + 1))
        let time = timePart.split(separator: ":").compactMap { Int($0) }
        guard let date = CivilDate(yyyyMMdd: dateDigits.filter(\.isNumber)), dateDigits.filter(\.isNumber).count == 8,
            time.count == 3, (0...23).contains(time[0]), (0...59).contains(time[1]), (0...59).contains(time[2])
        else {
            throw InputError(
                "\(flag) '\(text)' is not a date (2024-01-05) or a UTC timestamp (2024-01-05T14:30:00Z)."
            )
        }
        return date.utcMidnight + Int64(time[0] * 3600 + time[1] * 60 + time[2])
    }
}

/// Bad command-line input: one sentence, and the command exits with status 2.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension String {
    fileprivate func trimmingPlainSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
