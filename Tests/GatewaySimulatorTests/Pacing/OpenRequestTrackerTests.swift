import GatewaySimulator
import Testing

@Suite("Pacing: at most 50 open historical requests")
struct OpenRequestTrackerTests {
    /// Fifty allowed requests on fifty contracts, 2 s apart, left open; clients 1 and 2 alternate.
    static func engineWithFiftyOpen() -> PacingEngine {
        var engine = PacingEngine()
        for index in 0..<50 {
            let verdict = engine.evaluate(
                .testBars(client: index % 2 + 1, reqId: index, symbol: "S\(index)"),
                now: Double(index) * 2
            )
            #expect(verdict.isAllowed)
        }
        return engine
    }

    @Test func fiftyFirstOpenRequestIsRefusedGatewayWide() {
        var engine = Self.engineWithFiftyOpen()
        #expect(engine.openRequests.count == 50)
        #expect(engine.openRequests.count(clientId: 1) == 25)
        #expect(engine.evaluate(.testBars(client: 3, reqId: 1, symbol: "X"), now: 100) == .tooManyOpenRequests)
        #expect(PacingVerdict.tooManyOpenRequests.brokenRule == .openRequests)
    }

    @Test func refusalIsNotRecordedInThePacingWindows() {
        var engine = Self.engineWithFiftyOpen()
        #expect(engine.evaluate(.testBars(client: 3, reqId: 1, symbol: "X"), now: 100) == .tooManyOpenRequests)
        #expect(engine.rollingUnits(now: 100) == 50)
        engine.finish(RequestIdentity(clientId: 1, reqId: 0))
        // Not identical to the refused one in any window: it was never recorded.
        #expect(engine.evaluate(.testBars(client: 3, reqId: 1, symbol: "X"), now: 101).isAllowed)
    }

    @Test func closingOneFreesASlot() {
        var engine = Self.engineWithFiftyOpen()
        let freed = engine.finish(RequestIdentity(clientId: 2, reqId: 1))
        #expect(freed)
        let freedTwice = engine.finish(RequestIdentity(clientId: 2, reqId: 1))
        #expect(!freedTwice)
        #expect(engine.evaluate(.testBars(client: 3, reqId: 1, symbol: "X"), now: 100).isAllowed)
        #expect(engine.evaluate(.testBars(client: 3, reqId: 2, symbol: "Y"), now: 100) == .tooManyOpenRequests)
        let cancelled = engine.cancel(RequestIdentity(clientId: 1, reqId: 0))
        #expect(cancelled)
        #expect(engine.evaluate(.testBars(client: 3, reqId: 2, symbol: "Y"), now: 100).isAllowed)
    }

    @Test func releasingAClientFreesItsSlots() {
        var engine = Self.engineWithFiftyOpen()
        let released = engine.releaseClient(2)
        #expect(released.count == 25)
        #expect(released == released.sorted())
        #expect(engine.openRequests.count == 25)
        #expect(engine.openRequests.count(clientId: 2) == 0)
        // 700 s: the fifty requests have left the 10-minute window, so only the open-request cap matters.
        for index in 0..<25 {
            #expect(engine.evaluate(.testBars(client: 3, reqId: index, symbol: "N\(index)"), now: 700).isAllowed)
        }
        #expect(engine.evaluate(.testBars(client: 3, reqId: 99, symbol: "Z"), now: 700) == .tooManyOpenRequests)
    }

    @Test func headTimestampStaysOpenUntilCancelled() {
        var tracker = OpenRequestTracker(limit: 2)
        let head = RequestIdentity(clientId: 1, reqId: 1)
        let bars = RequestIdentity(clientId: 1, reqId: 2)
        let headOpened = tracker.open(head, kind: .headTimestamp)
        #expect(headOpened)
        let barsOpened = tracker.open(bars, kind: .historicalData)
        #expect(barsOpened)
        let thirdOpened = tracker.open(RequestIdentity(clientId: 2, reqId: 1), kind: .historicalTicks)
        #expect(!thirdOpened)
        let headFinished = tracker.finish(head)
        #expect(!headFinished)
        #expect(tracker.isOpen(head))
        #expect(tracker.kind(of: head) == .headTimestamp)
        let barsFinished = tracker.finish(bars)
        #expect(barsFinished)
        let headCancelled = tracker.cancel(head)
        #expect(headCancelled)
        let headCancelledTwice = tracker.cancel(head)
        #expect(!headCancelledTwice)
        #expect(tracker.count == 0)
    }

    @Test func reopeningAnIdentityKeepsOneSlot() {
        var tracker = OpenRequestTracker(limit: 1)
        let identity = RequestIdentity(clientId: 1, reqId: 7)
        let opened = tracker.open(identity, kind: .historicalData)
        #expect(opened)
        #expect(tracker.hasCapacity(for: identity))
        let reopened = tracker.open(identity, kind: .historicalData)
        #expect(reopened)
        #expect(tracker.count == 1)
        #expect(!tracker.hasCapacity(for: RequestIdentity(clientId: 2, reqId: 7)))
    }

    @Test func sameRequestIdOnTwoClientsIsTwoRequests() {
        var tracker = OpenRequestTracker()
        tracker.open(RequestIdentity(clientId: 1, reqId: 5), kind: .historicalData)
        tracker.open(RequestIdentity(clientId: 2, reqId: 5), kind: .historicalData)
        #expect(tracker.count == 2)
        #expect(tracker.identities(clientId: 2) == [RequestIdentity(clientId: 2, reqId: 5)])
        #expect(tracker.release(clientId: 1) == [RequestIdentity(clientId: 1, reqId: 5)])
        #expect(tracker.count == 1)
    }
}
