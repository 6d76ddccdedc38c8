import Logging
import RedisKit

extension WorkQueue {
    /// Leases the next ready chunk to a worker, or returns nil at once if none is ready.
    ///
    /// The highest priority is served first and, within it, the chunk that became ready first. The claim first
    /// promotes due delayed chunks (up to ``Configuration/promoteOnClaim``). The chunk moves to the in-flight zset
    /// in the same atomic step, so a worker that dies right after the call loses nothing: the lease runs out and
    /// the reaper puts the chunk back.
    ///
    /// - Parameters:
    ///   - worker: this worker's id, unique per process (a UUID, say); kept in the record and checked by ack.
    ///   - clientID: the TWS client id the worker uses, for `status`.
    ///   - lease: how long the lease lasts; ``Configuration/lease`` when nil.
    /// - Returns: the claimed chunk, or nil when nothing is ready.
    /// - Throws: ``WorkQueueError``.
    public func claim(
        worker: String,
        clientID: Int,
        lease: Duration? = nil
    ) async throws(WorkQueueError) -> ClaimedChunk? {
        let leaseMilliseconds = try milliseconds(lease ?? configuration.lease, name: "The lease", minimum: 1)
        let reply = try await run(
            QueueScript.claim,
            keys: [keys[.records], keys[.ready], keys[.inFlight], keys[.delayed], keys[.backlog], keys[.sequence]],
            arguments: [worker, clientID, leaseMilliseconds, configuration.promoteOnClaim]
        )
        if reply.isNull { return nil }
        let parts = try reply.elements()
        let id = try parts.element(0).text()
        let record = try parts.element(1).record()
        guard let token = record.leaseToken, let deadline = record.leaseDeadline else {
            throw WorkQueueError(.unexpectedReply, "The claim script returned chunk \(id) without a lease.")
        }
        logger.trace("Claimed chunk", metadata: ["chunk": "\(id)", "worker": "\(worker)"])
        return ClaimedChunk(id: id, workerID: worker, leaseToken: token, leaseDeadline: deadline, record: record)
    }

    /// Claims the next chunk, waiting up to `timeout` for one to become ready.
    ///
    /// Polls with ``claim(worker:clientID:lease:)``: after an empty claim it sleeps
    /// ``Configuration/idlePollMinimum``, doubling up to ``Configuration/idlePollMaximum``. Polling rather than a
    /// blocking pop because the ready zset keeps priorities and FIFO in one key, and `BZPOPMIN` would take a chunk
    /// out of it outside a script, where a worker dying before recording its lease would lose the chunk; polling
    /// also needs no second connection per worker, and each poll promotes due delayed chunks.
    ///
    /// - Parameters:
    ///   - worker: this worker's id.
    ///   - clientID: the TWS client id the worker uses.
    ///   - lease: how long the lease lasts; ``Configuration/lease`` when nil.
    ///   - timeout: how long to wait at most.
    /// - Returns: the claimed chunk, or nil if none came within `timeout` or the task was cancelled.
    /// - Throws: ``WorkQueueError``.
    public func waitForChunk(
        worker: String,
        clientID: Int,
        lease: Duration? = nil,
        timeout: Duration
    ) async throws(WorkQueueError) -> ClaimedChunk? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var pause = configuration.idlePollMinimum
        while true {
            if let chunk = try await claim(worker: worker, clientID: clientID, lease: lease) { return chunk }
            let remaining = clock.now.duration(to: deadline)
            if remaining <= .zero || Task.isCancelled { return nil }
            do {
                try await Task.sleep(for: min(pause, remaining))
            } catch {
                return nil
            }
            pause = min(pause * 2, configuration.idlePollMaximum)
        }
    }
}
