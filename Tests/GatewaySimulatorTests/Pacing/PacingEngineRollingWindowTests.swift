import GatewaySimulator
import Testing

@Suite("Pacing: more than 60 requests in 10 minutes")
struct PacingEngineRollingWindowTests {
    /// Sixty distinct small-bar requests, on sixty contracts, evenly spread from 0 to 599 s.
    static func sixtyOverNineMinutes() -> [(request: JudgedRequest, at: Double)] {
        (0..<60).map { index in
            (JudgedRequest.testBars(reqId: index, symbol: "S\(index)"), 599 * Double(index) / 59)
        }
    }

    @Test func sixtyFirstWithinTheWindowViolates() {
        var engine = PacingEngine()
        let schedule = Self.sixtyOverNineMinutes() + [(JudgedRequest.testBars(reqId: 60, symbol: "S60"), 599.5)]
        let refusal = engine.firstRefusal(schedule)
        #expect(refusal?.index == 60)
        #expect(refusal?.verdict == .violation(.rollingWindow))
        #expect(engine.rollingUnits(now: 599.5) == 60)
    }

    @Test(arguments: [600.0, 600.01])
    func sixtyFirstTenMinutesAfterTheFirstIsAllowed(at time: Double) {
        var engine = PacingEngine()
        let schedule = Self.sixtyOverNineMinutes() + [(JudgedRequest.testBars(reqId: 60, symbol: "S60"), time)]
        #expect(engine.firstRefusal(schedule) == nil)
        #expect(engine.rollingUnits(now: time) == 60)
    }

    @Test func boundaryIsExclusiveOfTheWindowLength() {
        var engine = PacingEngine()
        #expect(engine.firstRefusal(Self.sixtyOverNineMinutes()) == nil)
        let justBefore = engine.evaluate(.testBars(reqId: 60, symbol: "S60"), now: 599.999)
        #expect(justBefore == .violation(.rollingWindow))
        let exactly = engine.evaluate(.testBars(reqId: 61, symbol: "S61"), now: 600)
        #expect(exactly == .allowed(latency: 0))
    }

    @Test func refusedRequestsAreNotRecorded() {
        var engine = PacingEngine()
        #expect(engine.firstRefusal(Self.sixtyOverNineMinutes()) == nil)
        for attempt in 0..<20 {
            let verdict = engine.evaluate(.testBars(reqId: 100 + attempt, symbol: "R\(attempt)"), now: 599.5)
            #expect(verdict == .violation(.rollingWindow))
        }
        #expect(engine.rollingUnits(now: 599.5) == 60)
        // Only the request at 0 s has left; had the refusals counted, this would still be refused.
        #expect(engine.evaluateAndFinish(.testBars(reqId: 200, symbol: "X"), now: 600) == .allowed(latency: 0))
        // The window is full again until the second request (at 599/59 s) leaves it.
        #expect(engine.evaluateAndFinish(.testBars(reqId: 201, symbol: "Y"), now: 600.5) == .violation(.rollingWindow))
        #expect(
            engine.evaluateAndFinish(.testBars(reqId: 202, symbol: "Y"), now: 600 + 599.0 / 59) == .allowed(latency: 0)
        )
    }

    @Test func underTheHarshReadingRefusedRequestsCountToo() {
        var configuration = PacingConfiguration()
        configuration.countsRefusedRequests = true
        var engine = PacingEngine(configuration: configuration)
        #expect(engine.firstRefusal(Self.sixtyOverNineMinutes()) == nil)
        #expect(engine.evaluate(.testBars(reqId: 100, symbol: "R"), now: 599.5) == .violation(.rollingWindow))
        #expect(engine.rollingUnits(now: 599.5) == 61)
        // The request at 0 s has left, but the refused one at 599.5 s took its place.
        #expect(engine.evaluateAndFinish(.testBars(reqId: 200, symbol: "X"), now: 600) == .violation(.rollingWindow))
        // A refusal never holds an open slot.
        #expect(engine.openRequests.count == 0)
    }

    @Test func countsAcrossClientsOfTheGateway() {
        var engine = PacingEngine()
        let schedule = (0..<61).map { index in
            (JudgedRequest.testBars(client: index % 3 + 1, reqId: index, symbol: "S\(index)"), Double(index))
        }
        let refusal = engine.firstRefusal(schedule)
        #expect(refusal?.index == 60)
        #expect(refusal?.verdict == .violation(.rollingWindow))
    }

    @Test func headTimestampAndTickRequestsCount() {
        var engine = PacingEngine()
        var schedule: [(request: JudgedRequest, at: Double)] = []
        for index in 0..<20 {
            let identity = RequestIdentity(clientId: 1, reqId: index)
            let contract = "conId:\(index + 1)"
            schedule.append((.testBars(reqId: 1_000 + index, symbol: "S\(index)"), Double(index)))
            schedule.append(
                (
                    .headTimestamp(
                        identity: identity,
                        contractKey: contract,
                        exchange: "SMART",
                        whatToShow: "TRADES",
                        useRTH: true,
                        formatDate: 2
                    ), Double(index)
                )
            )
            schedule.append(
                (
                    .historicalTicks(
                        identity: RequestIdentity(clientId: 1, reqId: 2_000 + index),
                        contractKey: contract,
                        exchange: "SMART",
                        startDateTime: "",
                        endDateTime: "20240105-21:00:00",
                        numberOfTicks: 1_000,
                        whatToShow: "TRADES",
                        useRTH: true
                    ), Double(index)
                )
            )
        }
        for (index, step) in schedule.enumerated() {
            #expect(engine.evaluate(step.request, now: step.at).isAllowed, "request \(index)")
            engine.cancel(step.request.identity)
        }
        #expect(engine.rollingUnits(now: 20) == 60)
        #expect(engine.evaluate(.testBars(reqId: 9_999, symbol: "Z"), now: 20) == .violation(.rollingWindow))
    }
}
