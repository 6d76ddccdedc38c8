import BackfillStore
import BackfillTestSupport
import ChunkPlanning
import PQKit
import TWSProtocol
import Testing

/// Splitting a chunk in PostgreSQL and remembering request sizes (issue 16).
@Suite(.enabled(if: TestServers.postgresEnabled, "DATABASE_URL is not set"))
struct SplitStoreTests {
    static let backfill = BackfillRecord(
        id: "bf-split",
        barSize: "5 secs",
        whatToShow: "TRADES",
        useRTH: true,
        rangeStart: 1_700_000_000,
        rangeEnd: 1_710_000_000
    )

    static func row(end: Int64, seconds: Int) -> ChunkRow {
        ChunkRow(
            PlannedChunk(
                contract: ChunkStoreTests.aapl,
                barSize: .fiveSeconds,
                whatToShow: "TRADES",
                useRTH: true,
                endDateTime: PlannedChunk.endDateTimeText(end),
                duration: .seconds(seconds),
                windowEnd: end,
                expectedBars: 0
            )
        )
    }

    @Test func aSplitReplacesTheParentOnceAndCountsTheChildrenInstead() async throws {
        try await ChunkStoreTests.withStore { store in
            let end: Int64 = 1_704_488_400
            let parent = Self.row(end: end, seconds: 23_400)
            let other = Self.row(end: end - 86_400, seconds: 23_400)
            _ = try await store.record(Self.backfill, chunks: [parent, other])
            let children = [Self.row(end: end - 11_700, seconds: 11_700), Self.row(end: end, seconds: 11_700)]
            let split = try await store.split(parent.id, into: children, reason: "Time length exceed max.")
            #expect(split == ChunkSplitOutcome(isSplit: true, childIDs: children.map(\.id)))
            #expect(try await store.chunkState(id: parent.id) == .split)
            #expect(
                try await store.splitChildren(of: parent.id).map(\.window)
                    == children.map { $0.windowStart..<$0.windowEnd }
            )
            let progress = try #require(try await store.progress(backfillID: Self.backfill.id).first)
            #expect(progress.total == 3)

            // Again (a redelivered parent): nothing new, and the children still pending are handed back to push.
            let again = try await store.split(parent.id, into: [], reason: "")
            #expect(again == ChunkSplitOutcome(isSplit: true, childIDs: children.map(\.id)))
            #expect(try #require(try await store.progress(backfillID: Self.backfill.id).first).total == 3)
            // Neither a split parent nor its finished state come back to `resume`.
            let unfinished = try await store.unfinishedChunks(backfillID: Self.backfill.id).map(\.request.id)
            #expect(Set(unfinished) == Set(children.map(\.id) + [other.id]))
            // A chunk finished meanwhile is never split.
            try await store.database.query("UPDATE chunks SET state = 'done' WHERE id = $1", other.id)
            #expect(
                try await store.split(other.id, into: children, reason: "late")
                    == ChunkSplitOutcome(isSplit: false, childIDs: [])
            )
            #expect(try await store.chunkState(id: other.id) == .done)
        }
    }

    @Test func sizesAreLearnedAtomicallyAndARefusalIsForgottenAfterAWeek() async throws {
        try await ChunkStoreTests.withStore { store in
            let sizes = RequestSizeStore(database: store.database)
            let key = RequestSizeKey(barSize: .fiveSeconds, secType: .stock, useRTH: true)
            #expect(try await sizes.limits().cap(for: key) == nil)
            #expect(
                try await sizes.recordRefused(key, seconds: 23_400, reason: "162")
                    == RequestSizeRecord(smallestRefused: 23_400)
            )
            _ = try await sizes.recordRefused(key, seconds: 11_700, reason: "162")
            _ = try await sizes.recordRefused(key, seconds: 23_400, reason: "timeout")
            #expect(try await sizes.limits().cap(for: key) == 5_850)
            #expect(
                try await sizes.recordWorked(key, seconds: 5_850)
                    == RequestSizeRecord(largestWorked: 5_850, smallestRefused: 11_700)
            )
            #expect(try await sizes.limits().cap(for: key) == 5_850)
            // Another kind is untouched.
            #expect(
                try await sizes.limits().cap(for: RequestSizeKey(barSize: .fiveSeconds, secType: .forex, useRTH: false))
                    == nil
            )
            // A week later the refusal no longer caps anything.
            try await store.database.query("UPDATE request_sizes SET refused_at = now() - interval '8 days'")
            #expect(try await sizes.limits().cap(for: key) == nil)
            _ = try await sizes.recordRefused(key, seconds: 43_200, reason: "162")
            #expect(try await sizes.limits().records[key]?.smallestRefused == 43_200)
        }
    }

    @Test func followUpsOfAReplyCutShortAreRecordedOnceAndNameTheirChunk() async throws {
        try await ChunkStoreTests.withStore { store in
            let end: Int64 = 1_704_488_400
            let parent = Self.row(end: end, seconds: 23_400)
            _ = try await store.record(Self.backfill, chunks: [parent])
            let front = Self.row(end: end - 7_200, seconds: 16_200)
            #expect(try await store.recordFollowUps(of: parent.id, [front]) == [front.id])
            #expect(try await store.recordFollowUps(of: parent.id, [front]) == [front.id])
            #expect(try #require(try await store.progress(backfillID: Self.backfill.id).first).total == 2)
            #expect(try await store.unfinishedChildren(of: parent.id) == [front.id])
            // The front follow-up speaks for its chunk only once that chunk is done with the bars it got.
            #expect(try await store.cutShortParentDuration(ofFollowUp: front.id) == nil)
            try await store.database.query("UPDATE chunks SET state = 'done' WHERE id = $1", parent.id)
            #expect(try await store.cutShortParentDuration(ofFollowUp: front.id) == .seconds(23_400))
            try await store.database.query("UPDATE chunks SET state = 'done' WHERE id = $1", front.id)
            #expect(try await store.unfinishedChildren(of: parent.id) == [])
        }
    }
}
