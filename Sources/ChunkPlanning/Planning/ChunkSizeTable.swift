import TWSProtocol

/// The span one historical-data request covers, per bar size: the data that sizes every chunk.
///
/// ``default`` is the table below; ``init(overrides:)`` replaces entries after checking them against IB's
/// duration rules (``IBDuration/violation(for:)``). Values are immutable and `Sendable`.
public struct ChunkSizeTable: Sendable, Hashable {
    private let rules: [BarSizeSetting: ChunkSizeRule]

    private init(rules: [BarSizeSetting: ChunkSizeRule]) {
        self.rules = rules
    }

    /// The built-in spans (see the table's comments in the source for the reason behind each entry).
    public static let `default` = ChunkSizeTable(
        rules: Dictionary(
            uniqueKeysWithValues: defaultEntries.compactMap { entry -> (BarSizeSetting, ChunkSizeRule)? in
                guard let barSize = BarSizeSetting.all.first(where: { $0.ibName == entry.barSize }) else {
                    return nil
                }
                return (barSize, ChunkSizeRule(barSize: barSize, shortSessions: entry.short, longSessions: entry.long))
            }
        )
    )

    /// The default table with some entries replaced; each override applies to short and long sessions alike.
    ///
    /// - Parameter overrides: The span per request for the bar sizes to change.
    /// - Throws: ``PlanningError`` with code ``PlanningError/Code/invalidDuration`` when an override breaks one of
    ///   IB's rules for its bar size, naming the rule.
    public init(overrides: [BarSizeSetting: IBDuration]) throws(PlanningError) {
        var rules = Self.default.rules
        for (barSize, duration) in overrides.sorted(by: { $0.key.seconds < $1.key.seconds }) {
            if let problem = duration.violation(for: barSize) {
                throw PlanningError(.invalidDuration, "Chunk size \(duration) for \(barSize) bars: \(problem)")
            }
            rules[barSize] = ChunkSizeRule(barSize: barSize, shortSessions: duration, longSessions: duration)
        }
        self.init(rules: rules)
    }

    /// The rule for a bar size.
    ///
    /// - Parameter barSize: One of ``TWSProtocol/BarSizeSetting/all``.
    /// - Returns: The rule; every IB bar size has one.
    public func rule(for barSize: BarSizeSetting) -> ChunkSizeRule {
        rules[barSize] ?? ChunkSizeRule(barSize: barSize, shortSessions: .seconds(1_800), longSessions: .seconds(1_800))
    }

    // The table. Legality comes from ib-protocol.md §4.3: (a) the current "max duration per bar size" (1 secs at
    // most 2000 S; otherwise 86400 S / 365 D / 52 W / 12 M / 68 Y), and (b) the current step sizes (S: 1 secs–1 min,
    // D: 5 secs–1 hour, W: 10 secs–4 hours, M: 30 secs–8 hours, Y: 1 min–1 day). Every entry satisfies both, except
    // that weekly and monthly bars use Y, which (b) does not list but the deprecated table (c) does ("1 Y: 1 day –
    // 1 month"). Table (c) itself is used only as a bar-count guide: it aimed at "a few thousand bars", and so do
    // we, at most about 3000 in the densest case of each column (short: 6¾ trading hours on weekdays; long: 24
    // hours, seven days), which also keeps IB's reply time and its soft throttling for larger requests in check.
    // M is never used: the simulator counts 30 days, IB a calendar month, which can be shorter, so a chunk's
    // window could be wider than what IB returns. W and Y are exact or wider at IB; D is trading days at IB, wider.
    private static let defaultEntries: [(barSize: String, short: IBDuration, long: IBDuration)] = [
        // Bars of 30 seconds or less are paced hardest (60 requests per 10 minutes per login), so they ask for IB's
        // documented maximum (ib-protocol.md §4.3 (a)): 2000 S of 1 secs bars (12 requests per 6.5-hour session, 13 at
        // (c)'s 1800 S), and 86400 S for 5 to 15 secs bars, which holds a whole session, or a day around the clock,
        // in one request (5 secs: up to 4680 bars in regular hours, 17280 around the clock). A gateway that refuses
        // or truncates such a request gets the chunk split in two by the worker, and the size that worked is
        // remembered per bar size and instrument kind (``RequestSizeLimits``) for later plans.
        ("1 secs", .seconds(2_000), .seconds(2_000)),
        ("5 secs", .seconds(86_400), .seconds(86_400)),
        ("10 secs", .seconds(86_400), .seconds(86_400)),
        ("15 secs", .seconds(86_400), .seconds(86_400)),
        // 3 D hold at most three sessions (≤ 2430 bars), so a week takes two requests; 1 D around the clock = 2880.
        ("30 secs", .days(3), .days(1)),
        // 1 W of regular-hours minutes is ≈ 1950 bars (ib-protocol.md §4.3: outside (c) but allowed by (a) and common
        // in practice); all hours 2 D = 2880 bars at most.
        ("1 min", .weeks(1), .days(2)),
        // The same ≈ 2000-bar budget: weeks for short sessions, days (≤ 2880 bars) or weeks (≤ 2016) otherwise.
        ("2 mins", .weeks(2), .days(4)),
        ("3 mins", .weeks(3), .days(6)),
        ("5 mins", .weeks(5), .weeks(1)),
        ("10 mins", .weeks(10), .weeks(2)),
        ("15 mins", .weeks(15), .weeks(3)),
        ("20 mins", .weeks(20), .weeks(4)),
        ("30 mins", .weeks(30), .weeks(6)),
        // Hours: short sessions have 2–8 bars a day, so years (Y allows ≥ 1 min bars); around the clock, weeks
        // (W allows bars up to 4 hours) give 2016 bars.
        ("1 hour", .years(1), .weeks(12)),
        ("2 hours", .years(2), .weeks(24)),
        ("3 hours", .years(2), .weeks(36)),
        ("4 hours", .years(3), .weeks(48)),
        // W stops at 4-hour bars in (b); Y: at most 2 bars a day (short) or 3 (long).
        ("8 hours", .years(5), .years(2)),
        // One bar per session: 10 Y ≈ 2520 bars (weekdays), 8 Y ≈ 2920 (crypto, every day). A year or less of
        // data still takes one request, shortened to "1 Y".
        ("1 day", .years(10), .years(8)),
        // 50 Y ≈ 2600 weekly bars; 68 Y (the maximum) is 816 monthly bars, more history than IB has.
        ("1 week", .years(50), .years(50)),
        ("1 month", .years(68), .years(68)),
    ]
}
