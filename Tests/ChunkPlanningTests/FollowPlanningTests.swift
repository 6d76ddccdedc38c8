import ChunkPlanning
import MarketCalendar
import TWSProtocol
import Testing

/// The scheduler's pure parts: when runs are due on each calendar, and what a run plans.
struct FollowPlanningTests: PlannerFixtures {
    func follow(
        _ contract: Contract,
        _ barSize: String,
        what: String = "TRADES",
        rth: Bool,
        revisit: Int = 0
    ) -> FollowSpec {
        FollowSpec(
            contract: contract,
            symbol: contract.symbol,
            series: .bars(bar(barSize), whatToShow: what),
            useRTH: rth,
            dataFrom: utc(2024, 3, 11),
            revisitSessions: revisit
        )
    }

    @Test func closesFollowEachCalendar() {
        // Friday 2024-03-15 22:00 UTC: every market has closed for the week, crypto keeps going.
        let now = utc(2024, 3, 15, 22)
        let stock = follow(aapl, "1 min", rth: true).schedule(delay: 600)
        #expect(stock.latestDueSession(at: now)?.upperBound == utc(2024, 3, 15, 20))
        #expect(stock.nextRun(after: now) == utc(2024, 3, 18, 20, 10))
        let fx = follow(eurusd, "1 hour", what: "MIDPOINT", rth: false).schedule(delay: 600)
        #expect(fx.latestDueSession(at: now)?.upperBound == utc(2024, 3, 15, 21))
        // The FX week reopens Sunday 17:00 New York and its first day ends Monday 17:00.
        #expect(fx.nextRun(after: now) == utc(2024, 3, 18, 21, 10))
        let future = follow(esm4, "1 day", rth: false).schedule(delay: 0)
        #expect(future.latestDueSession(at: now)?.upperBound == utc(2024, 3, 15, 21))
        let crypto = follow(btc, "1 hour", what: "MIDPOINT", rth: false).schedule(delay: 0)
        // Crypto trades around the clock; its days end at midnight New York time.
        #expect(crypto.nextRun(after: now) == utc(2024, 3, 16, 4))
        // Before the delay has passed the previous close is the one due.
        #expect(stock.latestDueSession(at: utc(2024, 3, 15, 20, 5))?.upperBound == utc(2024, 3, 14, 20))
        // Good Friday 2024-03-29: NYSE is closed, so Thursday's close is the latest on Saturday.
        #expect(stock.latestDueSession(at: utc(2024, 3, 30, 12))?.upperBound == utc(2024, 3, 28, 20))
    }

    @Test func aRunPlansOnlyWhatNoChunkCovers() throws {
        let spec = follow(aapl, "1 min", rth: true)
        let monday = utc(2024, 3, 11, 13, 30)..<utc(2024, 3, 11, 20)
        // Nothing planned yet: Monday through Wednesday in one request.
        let first = try FollowRunPlan.bars(
            spec,
            through: utc(2024, 3, 13, 20),
            revisitFrom: nil,
            planned: [],
            now: utc(2024, 3, 13, 21)
        )
        #expect(first.chunks.count == 1)
        #expect(first.chunks.first?.windowEnd == utc(2024, 3, 13, 20))
        #expect((first.chunks.first?.windowStart ?? .max) <= monday.lowerBound)
        #expect(first.revisited == nil)
        // With those planned, Thursday's run asks for Thursday only.
        let second = try FollowRunPlan.bars(
            spec,
            through: utc(2024, 3, 14, 20),
            revisitFrom: nil,
            planned: first.chunks.map(\.window),
            now: utc(2024, 3, 14, 21)
        )
        #expect(second.chunks.map(\.duration.text) == ["1 D"])
        #expect(second.chunks.first?.window == utc(2024, 3, 13, 20)..<utc(2024, 3, 14, 20))
        // Run again for the same close: nothing.
        let again = try FollowRunPlan.bars(
            spec,
            through: utc(2024, 3, 14, 20),
            revisitFrom: nil,
            planned: (first.chunks + second.chunks).map(\.window),
            now: utc(2024, 3, 14, 22)
        )
        #expect(again.chunks.isEmpty)
    }

    @Test func aRevisitRidesOnTheNewSessionsRequestWithANewID() throws {
        let spec = follow(aapl, "1 min", rth: true, revisit: 1)
        let planned = [utc(2024, 3, 10)..<utc(2024, 3, 14, 20)]
        let schedule = spec.schedule(delay: 600)
        let revisit = schedule.sessions(count: 1, endingBy: utc(2024, 3, 15, 13, 30))
        #expect(revisit == [utc(2024, 3, 14, 13, 30)..<utc(2024, 3, 14, 20)])
        let plan = try FollowRunPlan.bars(
            spec,
            through: utc(2024, 3, 15, 20),
            revisitFrom: revisit.first?.lowerBound,
            planned: planned,
            now: utc(2024, 3, 15, 21)
        )
        #expect(plan.chunks.map(\.duration.text) == ["2 D"])
        #expect(plan.revisited == utc(2024, 3, 14, 13, 30)..<utc(2024, 3, 15, 20))
        // Its id differs from Thursday's own request, so IB is asked again.
        let thursday = try FollowRunPlan.bars(
            spec,
            through: utc(2024, 3, 14, 20),
            revisitFrom: nil,
            planned: [],
            now: utc(2024, 3, 15)
        )
        #expect(Set(plan.chunks.map(\.id)).isDisjoint(with: thursday.chunks.map(\.id)))
        // A revisit window that spans the weekend still needs one request.
        let monday = try FollowRunPlan.bars(
            spec,
            through: utc(2024, 3, 18, 20),
            revisitFrom: schedule.sessions(count: 1, endingBy: utc(2024, 3, 18, 13, 30)).first?.lowerBound,
            planned: [utc(2024, 3, 10)..<utc(2024, 3, 15, 20)],
            now: utc(2024, 3, 18, 21)
        )
        #expect(monday.chunks.count == 1)
        #expect((monday.chunks.first?.windowStart ?? .max) <= utc(2024, 3, 15, 13, 30))
    }

    @Test func seriesIdentityIgnoresTheSymbolTextAndKeepsTheSeries() {
        let one = follow(aapl, "1 min", rth: true)
        var typedOtherwise = one
        typedOtherwise.symbol = "AAPL.NASDAQ"
        #expect(one.id == typedOtherwise.id)
        #expect(one.id != follow(aapl, "1 min", rth: false).id)
        #expect(one.id != follow(aapl, "5 mins", rth: true).id)
        #expect(FollowSeries(barSize: "1 min", whatToShow: "TRADES") == .bars(bar("1 min"), whatToShow: "TRADES"))
        #expect(FollowSeries(barSize: "ticks", whatToShow: "BID_ASK") == .ticks(.bidAsk))
        #expect(FollowSeries(barSize: "7 mins", whatToShow: "TRADES") == nil)
    }
}
