import RedisKit

extension WorkQueue {
    /// What ``WorkQueue/split(_:into:)`` did.
    public enum SplitOutcome: Sendable, Hashable {
        /// The parent left the queue and `added` children joined it (children Redis knew already were left alone).
        case split(added: Int)
        /// The parent's backfill was cancelled: it became a `cancelled` tombstone and no child was added.
        case cancelled
        /// The lease was lost: nothing changed.
        case notHeld
    }

    /// Replaces a held chunk by smaller chunks covering its window, atomically (see `QueueScript.split`).
    ///
    /// Call it after the children are recorded in PostgreSQL, so a crash between the two leaves them `pending`
    /// there for the redelivered parent (or `resume`) to push.
    ///
    /// - Parameters:
    ///   - chunk: The claimed parent.
    ///   - childIDs: The children to queue, in the order they should be served.
    /// - Throws: ``WorkQueueError``.
    @discardableResult
    public func split(_ chunk: ClaimedChunk, into childIDs: [String]) async throws(WorkQueueError) -> SplitOutcome {
        var arguments: [any RedisArgument] = [chunk.workerID, chunk.id, chunk.leaseToken]
        arguments.append(contentsOf: childIDs.map { $0 as any RedisArgument })
        let parts = try await run(
            QueueScript.split,
            keys: [keys[.records], keys[.inFlight], keys[.ready], keys[.backlog], keys[.sequence]],
            arguments: arguments
        ).elements()
        switch try parts.element(0).text() {
        case "split": return .split(added: Int(try parts.element(1).number()))
        case "cancelled": return .cancelled
        case "notheld": return .notHeld
        case let other:
            throw WorkQueueError(.unexpectedReply, "Script split answered the unknown outcome '\(other)'.")
        }
    }
}
