import BackfillStore
import BackfillTestSupport
import ChunkPlanning
import PQKit
import TWSProtocol
import Testing

@Suite(.enabled(if: TestServers.postgresEnabled, "DATABASE_URL is not set"))
struct ChunkStoreTests {
    static let aapl = Contract(symbol: "AAPL", secType: .stock, exchange: "SMART", currency: "USD")
    static let es = Contract(
        symbol: "ES",
        secType: .future,
        exchange: "CME",
        currency: "USD",
        localSymbol: "ESZ4",
        includeExpired: true
    )

    static func chunks(_ contract: Contract, weeks: Int) -> [ChunkRow] {
        (0..<weeks).map { week in
            let end: Int64 = 1_704_488_400 + Int64(week) * 604_800
            return ChunkRow(
                id: "\(contract.localSymbol.isEmpty ? contract.symbol : contract.localSymbol)-\(week)",
                contract: contract,
                barSize: .oneMinute,
                whatToShow: "TRADES",
                useRTH: true,
                endDateTime: "end-\(week)",
                duration: .weeks(1),
                windowStart: end - 604_800,
                windowEnd: end
            )
        }
    }

    static func withStore<Result: Sendable>(
        _ body: @Sendable (ChunkStore) async throws -> Result
    ) async throws -> Result {
        try await TestSchema.with { schema in
            try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
                _ = try await Migrator().migrate(database)
                return try await body(ChunkStore(database: database))
            }
        }
    }

    @Test func recordingTheSameBackfillTwiceCreatesNothingNew() async throws {
        try await Self.withStore { store in
            let backfill = BackfillRecord(
                id: "bf1",
                barSize: "1 min",
                whatToShow: "TRADES",
                useRTH: true,
                rangeStart: 1_700_000_000,
                rangeEnd: 1_710_000_000,
                priority: 5
            )
            let chunks = Self.chunks(Self.aapl, weeks: 3) + Self.chunks(Self.es, weeks: 2)
            let first = try await store.record(backfill, chunks: chunks)
            #expect(first.backfillCreated)
            #expect(Set(first.newChunkIDs) == Set(chunks.map(\.id)))
            let second = try await store.record(backfill, chunks: chunks)
            #expect(!second.backfillCreated)
            #expect(second.newChunkIDs.isEmpty)
            let count = try await store.database.query("SELECT chunk_count FROM backfills WHERE id = $1", "bf1")
                .singleRow()?.decode(Int.self, "chunk_count")
            #expect(count == 5)
            let instruments = try await store.database.query("SELECT count(*) AS n FROM instruments").singleRow()?
                .decode(Int.self, "n")
            #expect(instruments == 2)
        }
    }

    @Test func unfinishedChunksComeBackWhole() async throws {
        try await Self.withStore { store in
            let backfill = BackfillRecord(
                id: "bf2",
                barSize: "1 min",
                whatToShow: "TRADES",
                useRTH: true,
                rangeStart: 0,
                rangeEnd: 1,
                priority: 3
            )
            let chunks = Self.chunks(Self.es, weeks: 4)
            _ = try await store.record(backfill, chunks: chunks)
            try await store.markQueued(chunks.map(\.id))
            try await store.markRunning(chunks[0].id, worker: "w1", clientID: 7)
            try await store.markFinished(chunks[0].id, state: .done, barCount: 1950)
            try await store.markFailed(
                chunks[1].id,
                state: .dead,
                attempts: 1,
                errorCode: 200,
                errorText: "No security definition"
            )
            try await store.markFailed(
                chunks[2].id,
                state: .retrying,
                attempts: 2,
                errorCode: 162,
                errorText: "query cancelled",
                nextAttemptAt: 1_800_000_000
            )

            let unfinished = try await store.unfinishedChunks(backfillID: "bf2")
            #expect(unfinished.map(\.request) == [.bars(chunks[2]), .bars(chunks[3])])
            #expect(unfinished.allSatisfy { $0.priority == 3 && $0.backfillID == "bf2" })
            #expect(unfinished.map(\.state) == [.retrying, .queued])

            let counts = try await store.stateCounts(backfillID: "bf2")
            #expect(counts == [.done: 1, .dead: 1, .retrying: 1, .queued: 1])
            let covered = try await store.coveredRanges(
                contract: Self.es,
                barSize: "1 min",
                whatToShow: "TRADES",
                useRTH: true
            )
            #expect(covered == [chunks[0].windowStart..<chunks[0].windowEnd])

            try await store.markRetried([chunks[1].id])
            #expect(try await store.unfinishedChunks(backfillID: "bf2").count == 3)
        }
    }

    @Test func cancellingStopsEverythingNotFinished() async throws {
        try await Self.withStore { store in
            let backfill = BackfillRecord(
                id: "bf3",
                barSize: "1 min",
                whatToShow: "TRADES",
                useRTH: true,
                rangeStart: 0,
                rangeEnd: 1
            )
            let chunks = Self.chunks(Self.aapl, weeks: 3)
            _ = try await store.record(backfill, chunks: chunks)
            try await store.markFinished(chunks[0].id, state: .empty, barCount: 0)
            #expect(try await store.cancel(backfillID: "bf3") == 2)
            #expect(try await store.unfinishedChunks().isEmpty)
            // A finished chunk stays finished.
            #expect(try await store.stateCounts(backfillID: "bf3") == [.empty: 1, .cancelled: 2])
        }
    }
}
