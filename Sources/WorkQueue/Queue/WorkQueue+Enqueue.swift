import Logging
import RedisKit

extension WorkQueue {
    /// Adds chunks of one backfill to the ready queue, skipping any that Redis already knows.
    ///
    /// Idempotent: a chunk that is ready, delayed, in flight, dead or done is not added again, so `resume` can
    /// call this with every unfinished chunk from Postgres, and a retried `enqueue` after a lost connection adds
    /// nothing twice. A cancelled chunk is added afresh. Chunks go in batches of
    /// ``Configuration/enqueueBatchSize`` per script call; each batch is atomic, the whole call is not.
    ///
    /// - Parameters:
    ///   - chunkIDs: the chunk ids; duplicates are harmless.
    ///   - backfillID: the backfill they belong to, kept in each record (for cancel, retry and purge by backfill).
    ///   - priority: higher is served first; within a priority, first enqueued is first served.
    /// - Returns: how many chunks were added.
    /// - Throws: ``WorkQueueError`` `.invalidArgument` for a priority outside ``priorityRange``, `.redis` if
    ///   Redis fails (batches before the failing one are in).
    @discardableResult
    public func enqueue(
        _ chunkIDs: some Sequence<String>,
        backfillID: String,
        priority: Int = 0
    ) async throws(WorkQueueError) -> Int {
        guard Self.priorityRange.contains(priority) else {
            throw WorkQueueError(
                .invalidArgument,
                "Priority \(priority) is outside \(Self.priorityRange.lowerBound)…\(Self.priorityRange.upperBound)."
            )
        }
        let keys = [keys[.records], keys[.ready], keys[.backlog], keys[.sequence]]
        var added = 0
        var batch: [any RedisArgument] = [backfillID, priority]
        let batchSize = configuration.enqueueBatchSize
        batch.reserveCapacity(batchSize + 2)
        for id in chunkIDs {
            batch.append(id)
            if batch.count == batchSize + 2 {
                added += Int(try await run(QueueScript.enqueue, keys: keys, arguments: batch).number())
                batch.removeSubrange(2...)
            }
        }
        if batch.count > 2 {
            added += Int(try await run(QueueScript.enqueue, keys: keys, arguments: batch).number())
        }
        logger.debug("Enqueued chunks", metadata: ["backfill": "\(backfillID)", "added": "\(added)"])
        return added
    }
}
