import BackfillStore
import BackfillTestSupport
import BarValidation
import ChunkPlanning
import PQKit
import TWSProtocol
import Testing

@Suite(.enabled(if: TestServers.postgresEnabled, "DATABASE_URL is not set"))
struct BarStoreTests {
    static let es = Contract(
        conId: 495_512_563,
        symbol: "ES",
        secType: .future,
        lastTradeDateOrContractMonth: "20241220",
        multiplier: "50",
        exchange: "CME",
        currency: "USD",
        localSymbol: "ESZ4",
        tradingClass: "ES",
        includeExpired: true
    )
    /// 2024-01-08 00:00 UTC, a Monday.
    static let monday: Int64 = 1_704_672_000

    /// Three adjacent one-day chunks of 1-hour bars.
    static let chunks: [ChunkRow] = (0..<3).map { day in
        let end = monday + Int64(day + 1) * 86_400
        return ChunkRow(
            id: "es-1h-\(day)",
            contract: es,
            barSize: .oneHour,
            whatToShow: "TRADES",
            useRTH: false,
            endDateTime: PlannedChunk.endDateTimeText(end),
            duration: .days(1),
            windowStart: end - 86_400,
            windowEnd: end
        )
    }

    struct Fixture: Sendable {
        var database: PostgresConnection
        var chunkStore: ChunkStore
        var barStore: BarStore
        var instrumentID: Int64
        var schema: TestSchema

        /// Commits bars for one of ``BarStoreTests/chunks``.
        func commit(_ chunk: Int, _ bars: [StoredBar], anomalies: Int = 0) async throws -> BarStore.CommitOutcome {
            try await barStore.commit(
                chunkID: BarStoreTests.chunks[chunk].id,
                instrumentID: instrumentID,
                barSize: "1 hour",
                whatToShow: "TRADES",
                bars: bars,
                anomalyCount: anomalies
            )
        }

        /// Every bar row as text, ordered by start.
        func barRows() async throws -> [[String?]] {
            try await database.query(
                """
                SELECT instrument_id, bar_size, what_to_show, extract(epoch FROM bar_start)::bigint AS start,
                       open::text, high::text, low::text, close::text, volume::text, wap::text, bar_count, chunk_id,
                       fetched_at::text
                FROM bars ORDER BY bar_start
                """
            ).rows.map(\.values)
        }

        /// The finishing columns of a chunk row.
        func chunkRow(_ chunk: Int) async throws -> [String?] {
            let row = try await database.query(
                """
                SELECT state, bar_count, anomaly_count, finished_at IS NOT NULL AS finished, finished_at::text AS at
                FROM chunks WHERE id = $1
                """,
                BarStoreTests.chunks[chunk].id
            ).singleRow()
            return try #require(row).values
        }
    }

    static func withFixture(_ body: @Sendable (Fixture) async throws -> Void) async throws {
        try await TestSchema.with { schema in
            try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
                _ = try await Migrator().migrate(database)
                let chunkStore = ChunkStore(database: database)
                let backfill = BackfillRecord(
                    id: "bf-bars",
                    barSize: "1 hour",
                    whatToShow: "TRADES",
                    useRTH: false,
                    rangeStart: monday,
                    rangeEnd: monday + 3 * 86_400,
                    priority: 4
                )
                _ = try await chunkStore.record(backfill, chunks: chunks)
                try await chunkStore.markQueued(chunks.map(\.id))
                let instrumentID = try #require(try await chunkStore.instrumentIDs(for: [es])[es])
                try await body(
                    Fixture(
                        database: database,
                        chunkStore: chunkStore,
                        barStore: BarStore(database: database),
                        instrumentID: instrumentID,
                        schema: schema
                    )
                )
            }
        }
    }

    /// Hourly bars of one chunk's day, with prices derived from `seed` so two versions of a bar can differ.
    static func bars(day: Int, hours: Range<Int>, seed: Int = 0) -> [StoredBar] {
        hours.map { hour in
            let base = 4_700 + hour + seed
            return StoredBar(
                start: monday + Int64(day) * 86_400 + Int64(hour) * 3_600,
                open: "\(base).25",
                high: "\(base + 2).50",
                low: "\(base - 1).00",
                close: "\(base + 1).75",
                volume: "\(1_000 + hour)",
                wap: "\(base).875",
                count: 200 + hour
            )
        }
    }

    @Test func commitStoresExactlyTheBarsAndFinishesTheChunk() async throws {
        try await Self.withFixture { fixture in
            var bars = Self.bars(day: 0, hours: 0..<3)
            bars[1].high = "4703.5000"  // scale kept as sent
            bars[2].volume = nil
            bars[2].wap = nil
            bars[2].count = nil
            let outcome = try await fixture.commit(0, bars, anomalies: 2)
            #expect(outcome == .committed(.done, barCount: 3))

            let rows = try await fixture.barRows()
            let id = "\(fixture.instrumentID)"
            #expect(
                rows.map { Array($0.prefix(12)) } == [
                    [
                        id, "1 hour", "TRADES", "\(Self.monday)", "4700.25", "4702.50", "4699.00", "4701.75", "1000",
                        "4700.875",
                        "200", "es-1h-0",
                    ],
                    [
                        id, "1 hour", "TRADES", "\(Self.monday + 3_600)", "4701.25", "4703.5000", "4700.00", "4702.75",
                        "1001",
                        "4701.875", "201", "es-1h-0",
                    ],
                    [
                        id, "1 hour", "TRADES", "\(Self.monday + 7_200)", "4702.25", "4704.50", "4701.00", "4703.75",
                        nil, nil,
                        nil, "es-1h-0",
                    ],
                ]
            )
            #expect(Array(try await fixture.chunkRow(0).prefix(4)) == ["done", "3", "2", "t"])
            // The other chunks are untouched.
            #expect(Array(try await fixture.chunkRow(1).prefix(4)) == ["queued", nil, "0", "f"])
        }
    }

    @Test func committingTheSameChunkTwiceChangesNothing() async throws {
        try await Self.withFixture { fixture in
            let bars = Self.bars(day: 1, hours: 0..<24)
            #expect(try await fixture.commit(1, bars, anomalies: 1) == .committed(.done, barCount: 24))
            let rows = try await fixture.barRows()
            let chunk = try await fixture.chunkRow(1)

            let again = try await fixture.commit(1, bars, anomalies: 1)
            #expect(again == .alreadyFinished(.done))
            // Even different bars for a finished chunk write nothing: the redelivery costs nothing.
            #expect(try await fixture.commit(1, Self.bars(day: 1, hours: 0..<24, seed: 7)) == .alreadyFinished(.done))
            #expect(try await fixture.barRows() == rows)
            #expect(try await fixture.chunkRow(1) == chunk)
            #expect(rows.count == 24)
        }
    }

    @Test func neighbouringChunksSharingAnEdgeBarKeepOneRowAndTheLaterData() async throws {
        try await Self.withFixture { fixture in
            // The bar at 23:00 on day 0 is returned by both chunk 0 and chunk 1 (as a bar straddling their edge
            // would be); chunk 1's copy carries different numbers and is committed later.
            let first = Self.bars(day: 0, hours: 20..<24)
            var second = Self.bars(day: 1, hours: 0..<3)
            var edge = Self.bars(day: 0, hours: 23..<24, seed: 5)[0]
            edge.volume = "4242"
            second.insert(edge, at: 0)
            #expect(try await fixture.commit(0, first) == .committed(.done, barCount: 4))
            // The edge bar came back with other values: it is rewritten and counted as revised.
            #expect(try await fixture.commit(1, second) == .committed(.done, barCount: 4, revised: 1))

            let rows = try await fixture.barRows()
            #expect(rows.count == 7)
            let edgeRows = rows.filter { $0[3] == "\(edge.start)" }
            #expect(edgeRows.count == 1)
            #expect(edgeRows.first?[8] == "4242")
            #expect(edgeRows.first?[7] == edge.close)
            #expect(edgeRows.first?[11] == "es-1h-1")
        }
    }

    @Test func aBarAnotherTransactionStoresMeanwhileLeavesItToTheUpsert() async throws {
        try await Self.withFixture { fixture in
            // Another session stores the 22:00 bar of day 0 and keeps its transaction open. The commit's check for
            // stored bars cannot see that row, so its plain INSERT waits on it and, once the other session commits,
            // fails with a unique violation; the commit rolls back to its savepoint and upserts over the row.
            let other = try await PostgresConnection.connect(configuration: fixture.schema.configuration)
            try await other.executeScript("BEGIN")
            try await other.query(
                """
                INSERT INTO bars (instrument_id, bar_size, what_to_show, bar_start, open, high, low, close, chunk_id)
                VALUES ($1, '1 hour', 'TRADES', to_timestamp($2), 1, 1, 1, 1, 'elsewhere')
                """,
                fixture.instrumentID,
                Self.monday + 22 * 3_600
            )
            let bars = Self.bars(day: 0, hours: 20..<24)
            async let outcome = fixture.commit(0, bars)
            var waiting = 0
            for _ in 0..<1_000 where waiting == 0 {
                try await Task.sleep(for: .milliseconds(20))
                waiting =
                    try await other.query("SELECT count(*) AS n FROM pg_locks WHERE NOT granted").singleRow()?
                    .decode(Int.self, "n") ?? 0
            }
            #expect(waiting == 1)
            try await other.executeScript("COMMIT")
            await other.close()
            #expect(try await outcome == .committed(.done, barCount: 4, revised: 1))

            let rows = try await fixture.barRows()
            #expect(rows.map { $0[3] } == bars.map { "\($0.start)" })
            #expect(rows.map { $0[11] } == Array(repeating: "es-1h-0", count: 4))
            #expect(rows.map { $0[7] } == bars.map(\.close))
        }
    }

    @Test func twoBarsWithOneStartInOneCommitStoreTheLaterOne() async throws {
        try await Self.withFixture { fixture in
            var bars = Self.bars(day: 0, hours: 0..<2)
            var repeated = bars[0]
            repeated.close = "4700.50"
            bars.append(repeated)
            #expect(try await fixture.commit(0, bars) == .committed(.done, barCount: 3))
            let rows = try await fixture.barRows()
            #expect(rows.count == 2)
            #expect(rows.first?[7] == "4700.50")
        }
    }

    @Test func noBarsMarksTheChunkEmpty() async throws {
        try await Self.withFixture { fixture in
            let outcome = try await fixture.commit(2, [], anomalies: 0)
            #expect(outcome == .committed(.empty, barCount: 0))
            #expect(Array(try await fixture.chunkRow(2).prefix(4)) == ["empty", "0", "0", "t"])
            #expect(try await fixture.barRows().isEmpty)
            #expect(try await fixture.commit(2, Self.bars(day: 2, hours: 0..<1)) == .alreadyFinished(.empty))
            #expect(try await fixture.barRows().isEmpty)
        }
    }

    @Test func aCancelledChunkIsNeitherStoredNorMarkedDone() async throws {
        try await Self.withFixture { fixture in
            #expect(try await fixture.chunkStore.cancel(backfillID: "bf-bars") == 3)
            let outcome = try await fixture.commit(0, Self.bars(day: 0, hours: 0..<5))
            #expect(outcome == .alreadyFinished(.cancelled))
            #expect(try await fixture.barRows().isEmpty)
            #expect(try await fixture.chunkRow(0).first == "cancelled")
        }
    }

    @Test func aDeadChunkThatStillGetsItsBarsIsDone() async throws {
        try await Self.withFixture { fixture in
            try await fixture.chunkStore.markFailed(
                Self.chunks[0].id,
                state: .dead,
                attempts: 5,
                errorCode: 162,
                errorText: "query cancelled"
            )
            #expect(try await fixture.commit(0, Self.bars(day: 0, hours: 0..<2)) == .committed(.done, barCount: 2))
            #expect(try await fixture.chunkRow(0).first == "done")
        }
    }

    @Test func unknownOrMismatchedChunksAreRefusedWithoutWriting() async throws {
        try await Self.withFixture { fixture in
            let bars = Self.bars(day: 0, hours: 0..<2)
            await #expect {
                try await fixture.barStore.commit(
                    chunkID: "no-such-chunk",
                    instrumentID: fixture.instrumentID,
                    barSize: "1 hour",
                    whatToShow: "TRADES",
                    bars: bars,
                    anomalyCount: 0
                )
            } throws: { error in
                (error as? BarStoreError)?.code == .unknownChunk
            }
            await #expect {
                try await fixture.barStore.commit(
                    chunkID: Self.chunks[0].id,
                    instrumentID: fixture.instrumentID,
                    barSize: "1 min",
                    whatToShow: "TRADES",
                    bars: bars,
                    anomalyCount: 0
                )
            } throws: { error in
                (error as? BarStoreError)?.code == .chunkMismatch
            }
            let rows = try await fixture.barRows()
            #expect(rows.isEmpty)
            #expect(try await fixture.chunkRow(0).first == "queued")
        }
    }

    /// Ways a commit can fail part-way: a value the COPY rejects, a start the INSERT cannot convert, and the chunk
    /// update (the last statement, after the bars are in) failing.
    enum Failure: String, CaseIterable, Sendable {
        case notANumber
        case timeOutOfRange
        case chunkUpdateFails
    }

    @Test("A failing commit leaves neither bars nor chunk state changed", arguments: Failure.allCases)
    func failingCommitChangesNothing(_ failure: Failure) async throws {
        try await Self.withFixture { fixture in
            #expect(try await fixture.commit(0, Self.bars(day: 0, hours: 20..<24)) == .committed(.done, barCount: 4))
            let before = try await fixture.barRows()
            let chunkBefore = try await fixture.chunkRow(1)

            // Chunk 1 overlaps chunk 0's last bar with other numbers, so a partial write would show.
            var bars = Self.bars(day: 0, hours: 23..<24, seed: 9) + Self.bars(day: 1, hours: 0..<5)
            switch failure {
            case .notANumber:
                bars[3].open = "47O0.25"
            case .timeOutOfRange:
                bars[4].start = 1_000_000_000_000_000
            case .chunkUpdateFails:
                try await fixture.database.executeScript(
                    """
                    CREATE FUNCTION refuse_done() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        RAISE EXCEPTION 'chunk update refused by test';
                    END
                    $$;
                    CREATE TRIGGER refuse_done BEFORE UPDATE ON chunks
                        FOR EACH ROW WHEN (NEW.state = 'done') EXECUTE FUNCTION refuse_done();
                    """
                )
            }
            await #expect(throws: PostgresError.self) {
                try await fixture.commit(1, bars)
            }
            #expect(try await fixture.barRows() == before)
            #expect(try await fixture.chunkRow(1) == chunkBefore)
            // The connection is still good and the temporary table is gone: a clean commit works.
            if failure == .chunkUpdateFails {
                try await fixture.database.executeScript("DROP TRIGGER refuse_done ON chunks")
            }
            #expect(try await fixture.commit(1, Self.bars(day: 1, hours: 0..<5)) == .committed(.done, barCount: 5))
            #expect(try await fixture.barRows().count == 9)
        }
    }

    @Test func aConnectionDroppedMidCommitLeavesNothing() async throws {
        try await Self.withFixture { fixture in
            // The chunk update, after the bars are upserted, kills its own backend: the server aborts the
            // transaction and the client sees the connection break.
            try await fixture.database.executeScript(
                """
                CREATE FUNCTION drop_connection() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_terminate_backend(pg_backend_pid());
                    RETURN NEW;
                END
                $$;
                CREATE TRIGGER drop_connection BEFORE UPDATE ON chunks
                    FOR EACH ROW WHEN (NEW.state = 'done') EXECUTE FUNCTION drop_connection();
                """
            )
            await #expect {
                try await fixture.commit(0, Self.bars(day: 0, hours: 0..<24))
            } throws: { error in
                (error as? PostgresError)?.isConnectionFatal == true
            }
            try await PostgresConnection.withConnection(configuration: fixture.schema.configuration) { other in
                let bars = try await other.query("SELECT count(*) AS n FROM bars").singleRow()?.decode(Int.self, "n")
                #expect(bars == 0)
                let state = try await other.query("SELECT state FROM chunks WHERE id = $1", Self.chunks[0].id)
                    .singleRow()?.decode(String.self, "state")
                #expect(state == "queued")
            }
        }
    }

    @Test func workItemLoadsEverythingAWorkerNeeds() async throws {
        try await Self.withFixture { fixture in
            let item = try #require(try await fixture.chunkStore.workItem(id: Self.chunks[1].id))
            #expect(item.request == .bars(Self.chunks[1]))
            guard case .bars(let chunk) = item.request else { return }
            #expect(chunk.contract == Self.es)
            #expect(item.instrumentID == fixture.instrumentID)
            #expect(item.backfillID == "bf-bars")
            #expect(item.priority == 4)
            #expect(item.state == .queued)
            #expect(item.attempts == 0)
            #expect(try await fixture.chunkStore.isFinished(id: Self.chunks[1].id) == false)

            _ = try await fixture.commit(1, Self.bars(day: 1, hours: 0..<3))
            #expect(try await fixture.chunkStore.workItem(id: Self.chunks[1].id)?.state == .done)
            #expect(try await fixture.chunkStore.isFinished(id: Self.chunks[1].id))

            #expect(try await fixture.chunkStore.workItem(id: "no-such-chunk") == nil)
            #expect(try await fixture.chunkStore.isFinished(id: "no-such-chunk") == false)
        }
    }
}
