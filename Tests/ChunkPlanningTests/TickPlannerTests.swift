import ChunkPlanning
import TWSProtocol
import Testing

@Suite("TickPlanner")
struct TickPlannerTests: PlannerFixtures {
    private func request(
        _ contracts: [Contract],
        from: Int64,
        to: Int64,
        _ tickType: TickType = .trades,
        rth: Bool = true,
        heads: [Contract: Int64] = [:]
    ) -> TickPlanRequest {
        TickPlanRequest(
            contracts: contracts,
            from: from,
            to: to,
            tickType: tickType,
            useRTH: rth,
            headTimestamps: heads
        )
    }

    @Test("one chain per session: a holiday week of regular sessions, each from its open to its close")
    func sessions() throws {
        // 2024-07-01 … 07-05: Wednesday the 3rd closes at 13:00, Thursday the 4th is a holiday.
        let plan = try TickPlanner().plan(
            request([aapl], from: utc(2024, 7, 1), to: utc(2024, 7, 6)),
            now: utc(2024, 8, 1)
        )
        #expect(plan.firstPages.count == 4)
        #expect(plan.firstPages.map(\.start) == [1, 2, 3, 5].map { utc(2024, 7, $0, 13, 30) })
        #expect(
            plan.firstPages.map(\.sessionEnd) == [
                utc(2024, 7, 1, 20), utc(2024, 7, 2, 20), utc(2024, 7, 3, 17), utc(2024, 7, 5, 20),
            ]
        )
        #expect(plan.firstPages.allSatisfy { $0.pageIndex == 0 && $0.chainID == $0.id && $0.start % 1 == 0 })
        // All hours: 04:00 to 20:00 New York.
        let allHours = try TickPlanner().plan(
            request([aapl], from: utc(2024, 7, 1), to: utc(2024, 7, 2), rth: false),
            now: utc(2024, 8, 1)
        )
        #expect(allHours.firstPages.map(\.start) == [utc(2024, 7, 1, 8)])
        #expect(allHours.firstPages.map(\.sessionEnd) == [utc(2024, 7, 2, 0)])
    }

    @Test("ids are derived from the instrument, tick type, hours and start, and differ between them")
    func ids() throws {
        let page = TickPage(contract: aapl, tickType: .trades, useRTH: true, start: 1_000, sessionEnd: 9_000)
        #expect(page.id == TickPage(contract: aapl, tickType: .trades, useRTH: true, start: 1_000, sessionEnd: 5).id)
        // Pinned: an id must be the same in every process and release, or a resumed chain would fork.
        #expect(page.id.rawValue == "3dea347b61d3e4dd4bd8b7f01e2c0246")
        let others = [
            TickPage(contract: msft, tickType: .trades, useRTH: true, start: 1_000, sessionEnd: 9_000),
            TickPage(contract: aapl, tickType: .bidAsk, useRTH: true, start: 1_000, sessionEnd: 9_000),
            TickPage(contract: aapl, tickType: .trades, useRTH: false, start: 1_000, sessionEnd: 9_000),
            TickPage(contract: aapl, tickType: .trades, useRTH: true, start: 1_001, sessionEnd: 9_000),
        ]
        #expect(Set(others.map(\.id) + [page.id]).count == 5)
        let next = page.next(startingAt: 1_500)
        #expect(next.chainID == page.id && next.pageIndex == 1 && next.sessionEnd == 9_000)
        #expect(next.id == ChunkID(tickPageOf: aapl, tickType: .trades, useRTH: true, start: 1_500))
        #expect(next.startDateTime == "19700101-00:25:00")
    }

    @Test("nothing before the head timestamp, older than IB keeps, or in a session that has not closed")
    func leftOut() throws {
        let now = utc(2024, 7, 3, 15)  // Wednesday 11:00 New York: that session is open
        let plan = try TickPlanner().plan(
            request([aapl], from: utc(2021, 7, 1), to: utc(2024, 7, 4), heads: [aapl: utc(2024, 7, 2, 14)]),
            now: now
        )
        // Tuesday the 2nd starts at the head timestamp (14:00 UTC, after the open); Wednesday is not closed.
        #expect(plan.firstPages.map(\.start) == [utc(2024, 7, 2, 14)])
        #expect(plan.sessionsNotClosed == 1)
        #expect(plan.sessionsBeforeIBData > 700)
        // Three years (and a leap day) before now is 2021-07-03 15:00 UTC: the last two weeks of June are gone.
        let old = try TickPlanner().plan(request([msft], from: utc(2021, 6, 21), to: utc(2021, 7, 1)), now: now)
        #expect(old.firstPages.isEmpty)
        #expect(old.sessionsBeforeIBData == 8)
    }

    @Test("sessions recorded already are left out, and the estimate says where its density came from")
    func recordedAndEstimate() throws {
        let planner = TickPlanner(requestsPerMinute: 6)
        let all = try planner.plan(
            request([aapl, msft], from: utc(2024, 7, 1), to: utc(2024, 7, 3)),
            now: utc(2024, 8, 1)
        )
        #expect(all.firstPages.count == 4)
        let again = try planner.plan(
            request([aapl, msft], from: utc(2024, 7, 1), to: utc(2024, 7, 3)),
            now: utc(2024, 8, 1),
            recordedChains: [all.firstPages[0].id],
            densities: [msft: 0.1]
        )
        #expect(again.firstPages.count == 3 && again.sessionsAlreadyRecorded == 1)
        #expect(again.estimate.densitySources == [aapl.description: "assumed", msft.description: "observed"])
        // MSFT: 0.1 ticks a second over 23,400 s is 2,340 ticks, 3 requests per session.
        let aaplTicks = Int((23_400 * 2.5).rounded(.up))
        #expect(again.estimate.ticks == aaplTicks + 2 * 2_340)
        #expect(again.estimate.requests == (aaplTicks + 999) / 1_000 + 2 * 3)
        #expect(again.estimate.seconds == Int64(again.estimate.pacingCost * 10))
    }

    @Test("tick types IB does not serve for a kind are refused; instruments without a calendar get UTC days")
    func kinds() throws {
        let farFuture = utc(2024, 8, 1)
        #expect(throws: PlanningError.self) {
            try TickPlanner().plan(request([eurusd], from: utc(2024, 7, 1), to: utc(2024, 7, 2)), now: farFuture)
        }
        #expect(throws: PlanningError.self) {
            try TickPlanner().plan(
                request([esContinuous], from: utc(2024, 7, 1), to: utc(2024, 7, 2), .midpoint),
                now: farFuture
            )
        }
        let fx = try TickPlanner().plan(
            request([eurusd], from: utc(2024, 7, 1), to: utc(2024, 7, 2), .bidAsk, rth: false),
            now: farFuture
        )
        #expect(fx.firstPages.count == 2)  // Monday's trading day ends at 17:00 New York; Tuesday's begins
        #expect(fx.estimate.pacingCost == fx.estimate.requests * 2)
        let london = try TickPlanner().plan(
            request([vodLondon], from: utc(2024, 7, 1), to: utc(2024, 7, 3), rth: false),
            now: farFuture
        )
        #expect(london.firstPages.map(\.start) == [utc(2024, 7, 1), utc(2024, 7, 2)])
    }

    @Test("tick types parse from IB's names in any case, with dashes")
    func parsing() throws {
        #expect(try TickType(parsing: "trades") == .trades)
        #expect(try TickType(parsing: " bid-ask ") == .bidAsk)
        #expect(try TickType(parsing: "MIDPOINT") == .midpoint)
        #expect(throws: InputError.self) { try TickType(parsing: "BID") }
    }
}

@Suite("TickPageBoundary")
struct TickPageBoundaryTests {
    let page = TickPage(
        contract: Contract(symbol: "AAPL", secType: .stock, exchange: "SMART", currency: "USD"),
        tickType: .trades,
        useRTH: true,
        start: 100,
        sessionEnd: 1_000
    )

    @Test("fewer ticks than asked for end the chain: the session holds no more")
    func short() {
        let boundary = TickPageBoundary(after: page, tickTimes: [100, 101, 150], requested: 1_000)
        #expect(boundary.nextStart == nil && !boundary.mayHaveTruncatedSecond)
        #expect(TickPageBoundary(after: page, tickTimes: [], requested: 1_000).nextStart == nil)
    }

    @Test("more than asked for: IB finished the last second, so the next page starts after it")
    func finishedSecond() {
        let times = Array(repeating: Int64(100), count: 600) + Array(repeating: 120, count: 405)
        #expect(TickPageBoundary(after: page, tickTimes: times, requested: 1_000).nextStart == 121)
    }

    @Test("exactly as many: the last second may be cut, so the next page fetches it again")
    func exactlyFull() {
        let times = Array(repeating: Int64(100), count: 600) + Array(repeating: 120, count: 400)
        let boundary = TickPageBoundary(after: page, tickTimes: times, requested: 1_000)
        #expect(boundary.nextStart == 120 && !boundary.mayHaveTruncatedSecond)
    }

    @Test("a full page of one second moves on and says the second may be cut")
    func oneSecond() {
        let boundary = TickPageBoundary(after: page, tickTimes: Array(repeating: 300, count: 1_000), requested: 1_000)
        #expect(boundary.nextStart == 301 && boundary.mayHaveTruncatedSecond)
    }

    @Test("a page that reaches the session's end ends the chain")
    func sessionEnd() {
        let times = Array(repeating: Int64(500), count: 999) + [1_000]
        #expect(TickPageBoundary(after: page, tickTimes: times, requested: 1_000).nextStart == nil)
        let last = Array(repeating: Int64(998), count: 500) + Array(repeating: 999, count: 501)
        #expect(TickPageBoundary(after: page, tickTimes: last, requested: 1_000).nextStart == nil)
    }
}
