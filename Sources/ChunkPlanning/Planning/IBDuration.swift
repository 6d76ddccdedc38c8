import TWSProtocol

/// A historical-data `durationStr` (ib-protocol.md §3.3): a positive count and a unit, sent as `"<count> <unit>"`.
///
/// The planner measures durations the way the gateway simulator does, as fixed calendar spans: `S` one second,
/// `D` 24 hours, `W` 7 days, `M` 30 days, `Y` 365 days (see ``seconds``). Real IB counts `D` in trading days
/// and `M`/`Y` in calendar months and years, so its window for the same text is never shorter than the
/// planner's except for `M` (a calendar month can be 28 days); that is why the default table never uses `M`.
public struct IBDuration: Sendable, Hashable, CustomStringConvertible {
    /// A `durationStr` unit, smallest first.
    public enum Unit: String, Sendable, Hashable, CaseIterable, Comparable {
        case seconds = "S"
        case days = "D"
        case weeks = "W"
        case months = "M"
        case years = "Y"

        /// The span of one unit in seconds, as the simulator counts it.
        public var seconds: Int64 {
            switch self {
            case .seconds: 1
            case .days: 86_400
            case .weeks: 7 * 86_400
            case .months: 30 * 86_400
            case .years: 365 * 86_400
            }
        }

        /// IB's largest count for the unit (ib-protocol.md §3.3; the simulator answers more with 321).
        public var maximumCount: Int {
            switch self {
            case .seconds: 86_400
            case .days: 365
            case .weeks: 52
            case .months: 12
            case .years: 68
            }
        }

        /// The smallest bar, in seconds, IB allows with the unit (ib-protocol.md §4.3 (b); the simulator answers less with 162).
        public var smallestBarSeconds: Int {
            switch self {
            case .seconds: 1
            case .days: 5
            case .weeks: 10
            case .months: 30
            case .years: 60
            }
        }

        /// The largest bar, in seconds, that ib-protocol.md §4.3 (b) lists for the unit; `Y` also takes weekly and monthly bars,
        /// as the deprecated table (c) shows ("1 Y: 1 day – 1 month").
        ///
        /// The simulator does not enforce these upper ends, so they are preferences: the default table and the
        /// planner's shorter fallbacks respect them, overrides need not.
        var largestListedBarSeconds: Int {
            switch self {
            case .seconds: 60
            case .days: 3_600
            case .weeks: 14_400
            case .months: 28_800
            case .years: 2_592_000
            }
        }

        private var order: Int {
            switch self {
            case .seconds: 0
            case .days: 1
            case .weeks: 2
            case .months: 3
            case .years: 4
            }
        }

        /// Orders units by size.
        public static func < (lhs: Unit, rhs: Unit) -> Bool {
            lhs.order < rhs.order
        }
    }

    /// How many units; at least 1.
    public let count: Int
    /// The unit.
    public let unit: Unit

    /// Creates a duration; a count below 1 becomes 1.
    ///
    /// The value is not checked against IB's rules, which depend on the bar size: use
    /// ``violation(for:)`` for that.
    ///
    /// - Parameters:
    ///   - count: The number of units.
    ///   - unit: The unit.
    public init(_ count: Int, _ unit: Unit) {
        self.count = max(1, count)
        self.unit = unit
    }

    /// Parses IB's form, `"<count> <S|D|W|M|Y>"`, e.g. `"1 W"` or `"1800 S"`.
    ///
    /// - Parameter text: The text, exactly as sent to IB (one space, upper-case unit).
    public init?(parsing text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[0]), count > 0, parts[0].allSatisfy(\.isNumber),
            let unit = Unit(rawValue: String(parts[1]))
        else {
            return nil
        }
        self.init(count, unit)
    }

    /// `count` seconds.
    public static func seconds(_ count: Int) -> IBDuration { IBDuration(count, .seconds) }
    /// `count` days.
    public static func days(_ count: Int) -> IBDuration { IBDuration(count, .days) }
    /// `count` weeks.
    public static func weeks(_ count: Int) -> IBDuration { IBDuration(count, .weeks) }
    /// `count` months (30 days to the simulator; see the type's discussion before using it).
    public static func months(_ count: Int) -> IBDuration { IBDuration(count, .months) }
    /// `count` years.
    public static func years(_ count: Int) -> IBDuration { IBDuration(count, .years) }

    /// The text IB expects, e.g. `"1 W"`.
    public var text: String {
        "\(count) \(unit.rawValue)"
    }

    /// The span in seconds, as the simulator computes a request window: `count × unit.seconds`.
    public var seconds: Int64 {
        Int64(count) * unit.seconds
    }

    /// Why IB (and the simulator) would refuse this duration with `barSize`, or `nil` when it is allowed.
    ///
    /// The rules are those of ib-protocol.md §3.3 and §4.3 (a)(b) as the simulator's
    /// `HistoricalRequestValidator` enforces them: the count at most the unit's maximum (else 321); `1 secs`
    /// only with at most 2000 S; no unit with bars smaller than its step (S: 1 secs, D: 5 secs, W: 10 secs,
    /// M: 30 secs, Y: 1 min; else 162 "Time length exceed max").
    ///
    /// - Parameter barSize: The bar size of the request.
    /// - Returns: One sentence naming the broken rule, or `nil`.
    public func violation(for barSize: BarSizeSetting) -> String? {
        if count > unit.maximumCount {
            return "IB allows at most \(unit.maximumCount) \(unit.rawValue) per request, not \(count)."
        }
        if barSize.seconds == 1 && !(unit == .seconds && count <= 2_000) {
            return "IB allows 1 secs bars only with durations of at most 2000 S, not \(text)."
        }
        if barSize.seconds < unit.smallestBarSeconds {
            return "IB refuses \(barSize.ibName) bars with a duration in \(unit.rawValue) (\(text))."
        }
        return nil
    }

    /// The text IB expects, e.g. `"1 W"`.
    public var description: String {
        text
    }
}
