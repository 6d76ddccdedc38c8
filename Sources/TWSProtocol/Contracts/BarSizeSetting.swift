/// One of IB's bar sizes, by its exact wire string (ib-protocol.md §3.4), also accepted in short forms.
public struct BarSizeSetting: Sendable, Hashable, CustomStringConvertible {
    /// The exact string IB expects, e.g. `1 secs`, `5 mins`, `1 hour`.
    public let ibName: String
    /// The bar's length; months count as 30 days (only for ordering and estimates).
    public let seconds: Int

    /// Every bar size IB accepts, smallest first.
    public static let all: [BarSizeSetting] = [
        ("1 secs", 1), ("5 secs", 5), ("10 secs", 10), ("15 secs", 15), ("30 secs", 30), ("1 min", 60),
        ("2 mins", 120), ("3 mins", 180), ("5 mins", 300), ("10 mins", 600), ("15 mins", 900), ("20 mins", 1200),
        ("30 mins", 1800), ("1 hour", 3600), ("2 hours", 7200), ("3 hours", 10800), ("4 hours", 14400),
        ("8 hours", 28800), ("1 day", 86400), ("1 week", 604_800), ("1 month", 2_592_000),
    ].map { BarSizeSetting(ibName: $0.0, seconds: $0.1) }

    private init(ibName: String, seconds: Int) {
        self.ibName = ibName
        self.seconds = seconds
    }

    /// Parses IB's string (`"1 min"`, `"5 mins"`) or a short form (`1s 5s 1min 5min 1h 1d 1w 1mo`).
    ///
    /// - Throws: ``ContractParseError``-style ``BarSizeError`` naming the accepted forms.
    public init(parsing text: String) throws(BarSizeError) {
        let compact = text.lowercased().filter { !$0.isWhitespace }
        let digits = compact.prefix(while: \.isNumber)
        let unit = compact.dropFirst(digits.count)
        let unitSeconds: Int? =
            switch unit {
            case "s", "sec", "secs", "second", "seconds": 1
            case "m", "min", "mins", "minute", "minutes": 60
            case "h", "hr", "hour", "hours": 3600
            case "d", "day", "days": 86400
            case "w", "wk", "week", "weeks": 604_800
            case "mo", "mon", "month", "months": 2_592_000
            default: nil
            }
        guard let count = Int(digits), let unitSeconds,
            let match = Self.all.first(where: { $0.seconds == count * unitSeconds })
        else {
            throw BarSizeError(
                "Bar size '\(text)' is not one IB offers; use one of \(Self.all.map(\.ibName).joined(separator: ", ")) (or 1s, 5s, 1min, 5min, 1h, 1d)."
            )
        }
        self = match
    }

    /// The bar size with exactly this IB spelling; IB answers any other (`"1 mins"`, `"1min"`) with error 321,
    /// so a gateway, unlike the command line, accepts only these.
    public init?(ibName: String) {
        guard let match = Self.all.first(where: { $0.ibName == ibName }) else { return nil }
        self = match
    }

    /// Bars of a day or longer are dated `yyyyMMdd` by IB, whatever formatDate says.
    public var isDaily: Bool { seconds >= 86400 }

    public var description: String { ibName }
}

/// A bar size that IB does not offer.
public struct BarSizeError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
