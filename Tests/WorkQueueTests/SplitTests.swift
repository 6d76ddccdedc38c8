import BackfillTestSupport
import BlockingIO
import RedisKit
import Testing
import WorkQueue

/// Swapping a held chunk for its children in one script (issue 16's adaptive request size).
@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct SplitTests {
    @Test func theParentLeavesAndItsChildrenJoinItsBackfillAndPriority() async throws {
        try await TestRedis.withQueue { queue in
            try await queue.enqueue(["parent"], backfillID: "b1", priority: 7)
            try await queue.enqueue(["known"], backfillID: "b0")
            let parent = try #require(try await queue.claim(worker: "w", clientID: 1))
            #expect(parent.id == "parent")
            #expect(try await queue.split(parent, into: ["early", "late", "known"]) == .split(added: 2))
            #expect(try await queue.record(of: "parent")?.state == .done)
            for child in ["early", "late"] {
                let record = try #require(try await queue.record(of: child))
                #expect(
                    record.state == .ready && record.backfillID == "b1" && record.priority == 7 && record.attempts == 0
                )
            }
            // A child Redis knew already (here as another backfill's) is left alone.
            #expect(try await queue.record(of: "known")?.backfillID == "b0")
            #expect(try await QueueSnapshot.read(queue).placementViolations() == [])
            // Served in the order given, ahead of the lower priority.
            #expect(try await queue.claim(worker: "w", clientID: 1)?.id == "early")
            #expect(try await queue.claim(worker: "w", clientID: 1)?.id == "late")
            // Only the lease holder can split, once.
            #expect(try await queue.split(parent, into: ["again"]) == .notHeld)
            #expect(try await queue.record(of: "again") == nil)
        }
    }

    @Test func aCancelledBackfillsParentAddsNoChildren() async throws {
        try await TestRedis.withQueue { queue in
            try await queue.enqueue(["parent"], backfillID: "b1")
            let parent = try #require(try await queue.claim(worker: "w", clientID: 1))
            _ = try await queue.cancel(backfillID: "b1")
            #expect(try await queue.split(parent, into: ["child"]) == .cancelled)
            #expect(try await queue.record(of: "parent")?.state == .cancelled)
            #expect(try await queue.record(of: "child") == nil)
            #expect(try await QueueSnapshot.read(queue).placementViolations() == [])
        }
    }
}
