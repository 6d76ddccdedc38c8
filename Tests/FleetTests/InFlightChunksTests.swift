import Testing
import WorkQueue

@testable import Fleet

/// The heartbeat's view of the chunks a worker holds (issue 17, item 7).
@Suite struct InFlightChunksTests {
    static func chunk(_ id: String) -> ClaimedChunk {
        ClaimedChunk(
            id: id,
            workerID: "w",
            leaseToken: 1,
            leaseDeadline: 0,
            record: ChunkRecord(backfillID: "b", priority: 0, state: .inFlight, since: 0)
        )
    }

    @Test func aSettledChunkIsNeitherRenewedNorReportedLost() {
        let inFlight = InFlightChunks()
        let (a, b) = (Self.chunk("a"), Self.chunk("b"))
        inFlight.insert(a)
        inFlight.insert(b)
        #expect(Set(inFlight.unsettled.map(\.id)) == ["a", "b"])
        // `a` is about to be acked: the heartbeat must leave it alone, and a renewal already on its way that
        // comes back "lost" is no alarm.
        inFlight.settle(a)
        #expect(inFlight.unsettled.map(\.id) == ["b"])
        #expect(!inFlight.isUnsettled(a))
        #expect(inFlight.isUnsettled(b))
        #expect(inFlight.count == 2)
        inFlight.remove(a)
        #expect(inFlight.count == 1)
        #expect(!inFlight.isUnsettled(a))
    }
}
