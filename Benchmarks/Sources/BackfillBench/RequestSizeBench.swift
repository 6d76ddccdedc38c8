import ChunkPlanning
import MarketCalendar
import TWSProtocol

/// IB requests per regular session for bars of 30 seconds or less, as planned (no servers needed): ours against the
/// lower bound IB's documented maximum allows (ib-protocol.md §4.3 (a), read as the issue does: 2000 S of 1-second
/// bars, 86400 S of 5- to 30-second bars, so a 6.5-hour session needs 12 and 1), against Lean's sizing (2000 S per
/// request for second bars, 12 per session at any of these sizes), and against the table before issue 16.
enum RequestSizeBench {
    /// Oct–Dec 2024 of a US stock in regular hours (63 sessions, three of them early closes), planned from 5 Jan 2025.
    static let from = CivilDate(year: 2024, month: 10, day: 1)!.utcMidnight
    static let to = CivilDate(year: 2025, month: 1, day: 1)!.utcMidnight
    static let now = CivilDate(year: 2025, month: 1, day: 5)!.utcMidnight

    static func run() throws {
        let stock = Contract(
            symbol: "AAPL",
            secType: .stock,
            exchange: "SMART",
            primaryExchange: "NASDAQ",
            currency: "USD"
        )
        let sessions = TradingSessions.sessions(kind: .usEquity, from: from, to: to, regularHoursOnly: true)
        let seconds = sessions.reduce(Int64(0)) { $0 + $1.interval.upperBound - $1.interval.lowerBound }
        print("")
        print("Requests per regular session, \(sessions.count) sessions of AAPL (Oct-Dec 2024), as planned")
        print(
            "bar".padding(toLength: 10, withPad: " ", startingAt: 0) + "ours".leftPadded(8) + "bound".leftPadded(8)
                + "ours/bound".leftPadded(12) + "Lean".leftPadded(8) + "Lean/ours".leftPadded(11)
                + "before".leftPadded(8)
        )
        let before: [Int: IBDuration] = [
            1: .seconds(1_800), 5: .seconds(14_400), 10: .seconds(28_800), 15: .days(1), 30: .days(3),
        ]
        for barSeconds in [1, 5, 10, 15, 30] {
            guard let barSize = BarSizeSetting.all.first(where: { $0.seconds == barSeconds }) else { continue }
            let request = PlanRequest(contracts: [stock], from: from, to: to, barSize: barSize, useRTH: true)
            let ours = Double(try Planner().plan(request, now: now).chunks.count) / Double(sessions.count)
            let old = try Planner(
                configuration: Planner.Configuration(
                    chunkSizes: try ChunkSizeTable(overrides: [barSize: before[barSeconds]!])
                )
            ).plan(request, now: now).chunks.count
            // The documented maximum covers at most one session (they are 24 hours apart): ⌈session / maximum⌉ each.
            let maximum: Int64 = barSeconds == 1 ? 2_000 : 86_400
            let bound =
                Double(
                    sessions.reduce(0) {
                        $0 + ($1.interval.upperBound - $1.interval.lowerBound + maximum - 1) / maximum
                    }
                )
                / Double(sessions.count)
            let lean =
                Double(sessions.reduce(0) { $0 + ($1.interval.upperBound - $1.interval.lowerBound + 1_999) / 2_000 })
                / Double(sessions.count)
            print(
                barSize.ibName.padding(toLength: 10, withPad: " ", startingAt: 0) + fixed(ours).leftPadded(8)
                    + fixed(bound).leftPadded(8) + fixed(ours / bound).leftPadded(12) + fixed(lean).leftPadded(8)
                    + fixed(lean / ours).leftPadded(11) + fixed(Double(old) / Double(sessions.count)).leftPadded(8)
            )
        }
        print(
            "(\(seconds / 3_600) trading hours; 30 secs asks for \"3 D\" of sessions at once, which (a) allows in days)"
        )
        // Around the clock: a forex pair's 5-second bars, requests per 24 hours of trading.
        let pair = Contract(
            symbol: "EUR",
            secType: .forex,
            exchange: "IDEALPRO",
            currency: "USD",
            localSymbol: "EUR.USD"
        )
        let fx = PlanRequest(
            contracts: [pair],
            from: from,
            to: to,
            barSize: BarSizeSetting.all.first { $0.seconds == 5 }!,
            whatToShow: "MIDPOINT",
            useRTH: false
        )
        let fxSessions = TradingSessions.intervals(kind: .forex24x5, from: from, to: to, regularHoursOnly: false)
        let fxDays = Double(fxSessions.reduce(Int64(0)) { $0 + $1.upperBound - $1.lowerBound }) / 86_400
        let fxOurs = Double(try Planner().plan(fx, now: now).chunks.count) / fxDays
        print("EUR.USD 5 secs around the clock: \(fixed(fxOurs)) requests per 24 trading hours (before: 6; bound: 1)")
    }

    static func fixed(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
