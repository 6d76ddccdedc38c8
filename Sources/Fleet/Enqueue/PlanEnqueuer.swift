import BackfillStore
import ChunkPlanning
import WorkQueue

/// Records a plan in PostgreSQL and queues it in Redis, a block of chunks at a time: what `backfill enqueue` does.
///
/// Every block is recorded as queued and committed (``ChunkStore/recordQueued(_:chunks:)``) before any of its
/// chunks is pushed, so PostgreSQL holds every chunk Redis holds (DESIGN invariant 1). While one block is pushed,
/// the next is recorded: PostgreSQL and Redis work at the same time instead of one after the other, which is most
/// of what makes half a million chunks fit in seconds. Recording and pushing are both idempotent, so enqueueing
/// the same plan again adds nothing, and an enqueue stopped half-way (the process killed) is finished by running
/// it again; chunks recorded but not pushed are also found by `backfill resume`.
///
/// If Redis fails, the remaining blocks are still recorded and ``PushFailure`` says so: the whole plan is then in
/// PostgreSQL, and `backfill resume` queues it once Redis answers. A PostgreSQL error stops at once (what was
/// recorded and pushed before it stays consistent).
///
/// Uses the store's and the queue's connections, one call at a time each; it opens and closes nothing.
public struct PlanEnqueuer: Sendable {
    /// What an enqueue did.
    public struct Outcome: Sendable, Hashable {
        /// False when the backfill already existed (the same request was enqueued before).
        public var backfillCreated = false
        /// Chunks new to PostgreSQL.
        public var newChunks = 0
        /// Chunks new to the queue (the rest were there already).
        public var queued = 0
    }

    /// Redis refused or lost the push after PostgreSQL recorded the whole plan.
    public struct PushFailure: Error, Sendable, CustomStringConvertible {
        /// What was recorded, and pushed before the failure.
        public var outcome: Outcome
        /// Redis's error.
        public var underlying: any Error

        /// One sentence for the log: how far the push got and Redis's error.
        public var description: String {
            "Queueing the chunks in Redis failed after \(outcome.queued) were queued: \(underlying)"
        }
    }

    /// Where chunks are recorded.
    public let store: ChunkStore
    /// Where they are pushed.
    public let queue: WorkQueue
    /// Chunks per block: big enough that per-block statements cost nothing, small enough that PostgreSQL and
    /// Redis overlap for most of the work.
    public var blockSize = 50_000

    /// Creates an enqueuer over open connections.
    public init(store: ChunkStore, queue: WorkQueue) {
        self.store = store
        self.queue = queue
    }

    /// Records and queues a plan's chunks for one backfill.
    ///
    /// - Parameters:
    ///   - backfill: The backfill the chunks belong to; recorded even when there are no chunks.
    ///   - chunks: The plan's chunks.
    ///   - priority: The queue priority (``WorkQueue/priorityRange``).
    /// - Returns: What was new where.
    /// - Throws: ``PushFailure`` when Redis failed (everything is recorded); PostgreSQL's error otherwise.
    public func enqueue(_ backfill: BackfillRecord, chunks: [PlannedChunk], priority: Int = 0) async throws -> Outcome {
        var outcome = Outcome()
        var pushFailure: (any Error)?
        var recordedNotPushed: ArraySlice<PlannedChunk> = []
        var start = 0
        repeat {
            let block = chunks[start..<min(start + max(1, blockSize), chunks.count)]
            let previous = recordedNotPushed
            let pushing = pushFailure == nil
            // The previous block goes to Redis while this one goes to PostgreSQL.
            async let pushed = push(pushing ? previous : [], backfillID: backfill.id, priority: priority)
            let recorded = try await store.recordQueued(backfill, chunks: block)
            outcome.backfillCreated = outcome.backfillCreated || recorded.backfillCreated
            outcome.newChunks += recorded.newChunks
            switch await pushed {
            case .success(let count): outcome.queued += count
            case .failure(let error): pushFailure = pushFailure ?? error
            }
            recordedNotPushed = block
            start = block.endIndex
        } while start < chunks.count
        if pushFailure == nil {
            switch await push(recordedNotPushed, backfillID: backfill.id, priority: priority) {
            case .success(let count): outcome.queued += count
            case .failure(let error): pushFailure = error
            }
        }
        if let pushFailure {
            throw PushFailure(outcome: outcome, underlying: pushFailure)
        }
        return outcome
    }

    private func push(
        _ block: ArraySlice<PlannedChunk>,
        backfillID: String,
        priority: Int
    ) async -> Result<Int, any Error> {
        guard !block.isEmpty else { return .success(0) }
        do {
            return .success(
                try await queue.enqueue(block.lazy.map(\.id.rawValue), backfillID: backfillID, priority: priority)
            )
        } catch {
            return .failure(error)
        }
    }
}
