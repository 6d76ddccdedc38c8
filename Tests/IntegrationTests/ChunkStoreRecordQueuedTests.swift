import BackfillStore
import BackfillTestSupport
import ChunkPlanning
import PQKit
import TWSProtocol
import Testing

/// ``ChunkStore/recordQueued(_:chunks:)``: the path `backfill enqueue` records a plan through.
@Suite(.enabled(if: TestServers.postgresEnabled, "DATABASE_URL is not set"))
struct ChunkStoreRecordQueuedTests {
    static let backfill = BackfillRecord(
        id: "bf-queued",
        barSize: "1 min",
        whatToShow: "TRADES",
        useRTH: true,
        rangeStart: 1_700_000_000,
        rangeEnd: 1_710_000_000
    )

    /// Four weeks of AAPL and two of MSFT, planned as `backfill enqueue` plans them.
    static func plan() throws -> [PlannedChunk] {
        let contracts = ["AAPL", "MSFT"].map {
            Contract(symbol: $0, secType: .stock, exchange: "SMART", currency: "USD")
        }
        let request = PlanRequest(
            contracts: contracts,
            from: 1_704_067_200,  // 2024-01-01
            to: 1_706_486_400,  // 2024-01-29
            barSize: .oneMinute,
            useRTH: true
        )
        return try Planner().plan(request, now: 1_710_000_000).chunks
    }

    /// Chunks whose state says queued but that have no `queued_at`, which `markQueued` never leaves.
    static func queuedWithoutTime(_ store: ChunkStore) async throws -> Int? {
        try await store.database.query(
            "SELECT count(*) AS n FROM chunks WHERE state = 'queued' AND queued_at IS NULL"
        ).singleRow()?.decode(Int.self, "n")
    }

    @Test func chunksAreRecordedQueuedWithTheirPlannedFields() async throws {
        let chunks = try Self.plan()
        try await ChunkStoreTests.withStore { store in
            let recorded = try await store.recordQueued(Self.backfill, chunks: chunks)
            #expect(recorded.backfillCreated && recorded.newChunks == chunks.count)
            #expect(try await store.stateCounts(backfillID: Self.backfill.id) == [.queued: chunks.count])
            #expect(try await Self.queuedWithoutTime(store) == 0)
            // What a worker reads back is what was planned, id by id.
            let unfinished = try await store.unfinishedChunks(backfillID: Self.backfill.id)
            let stored = Dictionary(uniqueKeysWithValues: unfinished.map { ($0.request.id, $0.request) })
            for chunk in chunks {
                guard case .bars(let row) = try #require(stored[chunk.id.rawValue]) else {
                    Issue.record("chunk \(chunk.id) came back as a tick page")
                    continue
                }
                #expect(row.contract.symbol == chunk.contract.symbol)
                #expect(row.endDateTime == chunk.endDateTime)
                #expect(row.duration == chunk.duration)
                #expect(row.windowStart == chunk.windowStart && row.windowEnd == chunk.windowEnd)
            }
            let count = try await store.database.query("SELECT chunk_count FROM backfills WHERE id = $1", "bf-queued")
                .singleRow()?.decode(Int.self, "chunk_count")
            #expect(count == chunks.count)
        }
    }

    @Test func recordingAgainAddsNothingAndQueuesWhatWasLeftPending() async throws {
        let chunks = try Self.plan()
        try await ChunkStoreTests.withStore { store in
            // An earlier enqueue whose push failed before it could mark its chunks queued.
            _ = try await store.record(Self.backfill, chunks: chunks.prefix(3).map(ChunkRow.init))
            try await store.markFinished(chunks[0].id.rawValue, state: .done, barCount: 0)
            let recorded = try await store.recordQueued(Self.backfill, chunks: chunks)
            #expect(!recorded.backfillCreated && recorded.newChunks == chunks.count - 3)
            // The pending ones are queued now; the finished one stays finished.
            #expect(
                try await store.stateCounts(backfillID: Self.backfill.id) == [.queued: chunks.count - 1, .done: 1]
            )
            #expect(try await Self.queuedWithoutTime(store) == 0)
        }
    }
}
