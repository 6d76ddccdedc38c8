import Logging
import RedisKit

extension WorkQueue {
    /// Moves dead chunks back to the ready queue with their attempts reset, after the cause was fixed.
    ///
    /// Works through the dead zset in windows of ``Configuration/maintenanceBatchSize``; each window is atomic.
    ///
    /// - Parameter selection: all dead chunks, one backfill's, or one chunk.
    /// - Returns: how many chunks were moved.
    /// - Throws: ``WorkQueueError``; windows done before a failure stay done.
    @discardableResult
    public func retryDead(_ selection: DeadSelection) async throws(WorkQueueError) -> Int {
        let moved = try await walkDead(
            QueueScript.retryDead,
            keys: [keys[.records], keys[.dead], keys[.ready], keys[.backlog], keys[.sequence]],
            selection: selection
        )
        logger.debug("Retried dead chunks", metadata: ["selection": "\(selection)", "count": "\(moved)"])
        return moved
    }

    /// Deletes dead chunks from Redis (entry and record); enqueueing them again adds them afresh.
    ///
    /// - Parameter selection: all dead chunks, one backfill's, or one chunk.
    /// - Returns: how many chunks were deleted.
    /// - Throws: ``WorkQueueError``; windows done before a failure stay done.
    @discardableResult
    public func purgeDead(_ selection: DeadSelection) async throws(WorkQueueError) -> Int {
        let removed = try await walkDead(
            QueueScript.purgeDead,
            keys: [keys[.records], keys[.dead]],
            selection: selection
        )
        logger.debug("Purged dead chunks", metadata: ["selection": "\(selection)", "count": "\(removed)"])
        return removed
    }

    /// Reads one page of dead chunks, oldest death first, with their last errors.
    ///
    /// - Parameters:
    ///   - offset: how many dead chunks to skip.
    ///   - count: the page size.
    /// - Returns: the page and the total number of dead chunks.
    /// - Throws: ``WorkQueueError``.
    public func listDead(offset: Int = 0, count: Int = 100) async throws(WorkQueueError) -> DeadChunkPage {
        guard offset >= 0, count >= 1 else {
            throw WorkQueueError(.invalidArgument, "listDead needs offset ≥ 0 and count ≥ 1.")
        }
        let parts = try await run(
            QueueScript.listDead,
            keys: [keys[.dead], keys[.records]],
            arguments: [offset, count]
        )
        .elements()
        let total = Int(try parts.element(0).number())
        let flat = try parts.element(1).elements()
        var chunks: [DeadChunk] = []
        for index in stride(from: 0, to: flat.count - 2, by: 3) {
            chunks.append(
                DeadChunk(
                    id: try flat[index].text(),
                    diedAt: try flat[index + 1].number(),
                    record: try flat[index + 2].record()
                )
            )
        }
        return DeadChunkPage(total: total, chunks: chunks)
    }

    /// Takes every chunk of a backfill that is not in flight out of the queue, and flags the in-flight ones.
    ///
    /// Ready, delayed and dead chunks become `cancelled` tombstones. In-flight chunks stay with their workers,
    /// flagged: an ack still marks them done (the bars are in), while a failure, a requeue or an expired lease
    /// drops them; ``extendLease(_:by:)`` tells the worker. Enqueueing the chunks again undoes the cancellation.
    /// Works in windows and repeats its passes until one finds nothing left, so chunks that move between
    /// structures while it runs are caught too.
    ///
    /// - Parameter backfillID: the backfill to cancel.
    /// - Returns: how many chunks left the queue and how many in-flight ones were flagged.
    /// - Throws: ``WorkQueueError``.
    @discardableResult
    public func cancel(backfillID: String) async throws(WorkQueueError) -> CancelResult {
        var result = CancelResult(removed: 0, flaggedInFlight: 0)
        let keys = [keys[.records], keys[.ready], keys[.delayed], keys[.dead], keys[.inFlight], keys[.backlog]]
        let limit = configuration.maintenanceBatchSize
        for _ in 0..<10 {
            var changed = 0
            for structure in ["delayed", "dead", "ready", "inflight"] {
                var offset = 0
                while true {
                    let parts = try await run(
                        QueueScript.cancel,
                        keys: keys,
                        arguments: [backfillID, structure, offset, limit]
                    ).elements()
                    let scanned = Int(try parts.element(0).number())
                    let removed = Int(try parts.element(1).number())
                    let flagged = Int(try parts.element(2).number())
                    result.removed += removed
                    result.flaggedInFlight += flagged
                    changed += removed + flagged
                    if scanned < limit { break }
                    offset += scanned - removed
                }
            }
            if changed == 0 { break }
        }
        logger.debug(
            "Cancelled backfill",
            metadata: [
                "backfill": "\(backfillID)", "removed": "\(result.removed)", "flagged": "\(result.flaggedInFlight)",
            ]
        )
        return result
    }

    /// Runs a windowed dead-letter script over the dead zset until the selection is exhausted.
    private func walkDead(
        _ script: RedisScript,
        keys: [String],
        selection: DeadSelection
    ) async throws(WorkQueueError) -> Int {
        let (mode, value) = selection.scriptArguments
        let limit = configuration.maintenanceBatchSize
        var offset = 0
        var total = 0
        while true {
            let parts = try await run(script, keys: keys, arguments: [mode, value, offset, limit])
                .elements()
            let picked = Int(try parts.element(0).number())
            let scanned = Int(try parts.element(1).number())
            total += picked
            if mode == "chunk" || scanned < limit { return total }
            offset += scanned - picked
        }
    }
}
