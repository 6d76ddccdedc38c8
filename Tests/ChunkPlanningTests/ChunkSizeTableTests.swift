import ChunkPlanning
import MarketCalendar
import TWSProtocol
import Testing

@Suite("ChunkSizeTable")
struct ChunkSizeTableTests: PlannerFixtures {
    @Test("Every bar size has a rule, and every entry passes the simulator's duration rules")
    func defaultTableIsLegal() {
        let rules = BarSizeSetting.all.map(ChunkSizeTable.default.rule(for:))
        #expect(rules.map(\.barSize) == BarSizeSetting.all)
        for rule in rules {
            for duration in [rule.shortSessions, rule.longSessions] {
                #expect(
                    simulatorRejection(barSeconds: rule.barSize.seconds, duration: duration.text) == nil,
                    "\(rule.barSize) \(duration)"
                )
                #expect(duration.violation(for: rule.barSize) == nil)
            }
        }
    }

    @Test("The short and long spans of the ib-protocol.md §4.3 choices")
    func defaultValues() {
        let table = ChunkSizeTable.default
        func spans(_ name: String) -> [String] {
            let rule = table.rule(for: bar(name))
            return [rule.shortSessions.text, rule.longSessions.text]
        }
        #expect(spans("1 secs") == ["2000 S", "2000 S"])
        #expect(spans("5 secs") == ["86400 S", "86400 S"])
        #expect(spans("10 secs") == ["86400 S", "86400 S"])
        #expect(spans("15 secs") == ["86400 S", "86400 S"])
        #expect(spans("30 secs") == ["3 D", "1 D"])
        #expect(spans("1 min") == ["1 W", "2 D"])
        #expect(spans("5 mins") == ["5 W", "1 W"])
        #expect(spans("1 hour") == ["1 Y", "12 W"])
        #expect(spans("1 day") == ["10 Y", "8 Y"])
        #expect(
            BarSizeSetting.all.map(table.rule(for:)).allSatisfy {
                $0.shortSessions.unit != .months && $0.longSessions.unit != .months
            }
        )
    }

    /// The densest calendars: indices (9:30–16:15 New York) for short sessions, crypto (24×7) for long ones.
    /// Bars of 5 to 15 seconds ask for IB's documented maximum instead (up to 17,280 bars a request): the worker
    /// splits what a gateway refuses, and later plans use the size that worked (AdaptiveSizeTests).
    @Test(
        "No request of the default table returns more than about 3000 bars, but for 5 to 15 secs",
        arguments: BarSizeSetting.all.filter { !(5...15).contains($0.seconds) }
    )
    func barBudget(_ barSize: BarSizeSetting) {
        let rule = ChunkSizeTable.default.rule(for: barSize)
        for (kind, duration) in [(SessionKind.usIndex, rule.shortSessions), (.crypto24x7, rule.longSessions)] {
            for month in 1...12 {
                let end = utc(2024, month, 15, 21)
                // Weekly and monthly bars are counted from the span alone.
                let sessions =
                    barSize.seconds > 86_400
                    ? []
                    : TradingSessions.sessions(
                        kind: kind,
                        from: end - duration.seconds,
                        to: end,
                        regularHoursOnly: true
                    )
                // A generous count: every started bar-size bucket of every session, plus one for alignment.
                let bars: Int64
                switch barSize.seconds {
                case ..<86_400:
                    bars = sessions.reduce(0) { total, session in
                        let part = session.interval.clamped(to: (end - duration.seconds)..<end)
                        let length = part.upperBound - part.lowerBound
                        return total + (length + Int64(barSize.seconds) - 1) / Int64(barSize.seconds) + 1
                    }
                case 86_400:
                    bars = Int64(sessions.count)
                default:
                    bars = duration.seconds / Int64(barSize.seconds) + 1
                }
                #expect(bars <= 3_000, "\(barSize) \(duration) \(kind): \(bars) bars")
            }
        }
    }

    @Test("Overrides apply to both kinds of session")
    func override() throws {
        let table = try ChunkSizeTable(overrides: [bar("1 min"): .days(1), bar("1 secs"): .seconds(2_000)])
        #expect(table.rule(for: bar("1 min")).shortSessions == .days(1))
        #expect(table.rule(for: bar("1 min")).longSessions == .days(1))
        #expect(table.rule(for: bar("1 secs")).longSessions == .seconds(2_000))
        #expect(table.rule(for: bar("5 mins")) == ChunkSizeTable.default.rule(for: bar("5 mins")))
        let planner = Planner(configuration: .init(chunkSizes: table))
        let request = PlanRequest(
            contracts: [aapl],
            from: utc(2024, 1, 8),
            to: utc(2024, 1, 13),
            barSize: bar("1 min"),
            useRTH: true
        )
        #expect(try planner.plan(request, now: farFuture).chunks.count == 5)
    }

    @Test(
        "Overrides that break IB's rules are refused",
        arguments: [
            ("1 secs", IBDuration.seconds(2_001)), ("1 secs", .days(1)), ("5 secs", .weeks(1)), ("10 secs", .months(1)),
            ("30 secs", .years(1)), ("1 min", .weeks(53)), ("1 hour", .days(366)), ("1 day", .months(13)),
            ("1 day", .years(69)), ("1 min", .seconds(86_401)),
        ]
    )
    func invalidOverride(_ name: String, _ duration: IBDuration) {
        #expect(simulatorRejection(barSeconds: bar(name).seconds, duration: duration.text) != nil)
        let error = #expect(throws: PlanningError.self) {
            try ChunkSizeTable(overrides: [bar(name): duration])
        }
        #expect(error?.code == .invalidDuration)
    }
}
