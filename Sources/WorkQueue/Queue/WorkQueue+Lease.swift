import BlockingIO
import Logging
import RedisKit

extension WorkQueue {
    /// Renews the lease on a held chunk (the worker's heartbeat).
    ///
    /// - Parameters:
    ///   - chunk: the claimed chunk.
    ///   - lease: the new lease, counted from now on the server; ``Configuration/lease`` when nil.
    /// - Returns: ``LeaseStatus/held(deadline:cancelRequested:)``, or ``LeaseStatus/lost`` if the reaper took the
    ///   chunk back after the lease ran out (stop working on it).
    /// - Throws: ``WorkQueueError``.
    public func extendLease(
        _ chunk: ClaimedChunk,
        by lease: Duration? = nil
    ) async throws(WorkQueueError) -> LeaseStatus {
        let leaseMilliseconds = try milliseconds(lease ?? configuration.lease, name: "The lease", minimum: 1)
        let parts = try await run(
            QueueScript.extend,
            keys: [keys[.records], keys[.inFlight]],
            arguments: [chunk.workerID, chunk.id, chunk.leaseToken, leaseMilliseconds]
        ).elements()
        guard try parts.element(0).text() == "held" else {
            logger.debug("Lease lost", metadata: ["chunk": "\(chunk.id)", "worker": "\(chunk.workerID)"])
            return .lost
        }
        return .held(
            deadline: try parts.element(1).number(),
            cancelRequested: try parts.element(2).number() != 0
        )
    }

    /// Marks a held chunk done, after its bars were committed to Postgres.
    ///
    /// - Parameter chunk: the claimed chunk.
    /// - Returns: ``ReleaseOutcome/done``, or ``ReleaseOutcome/notHeld`` if the lease was lost (the chunk will be
    ///   delivered again; the next worker finds it done in Postgres and acks it without asking IB).
    /// - Throws: ``WorkQueueError``.
    @discardableResult
    public func ack(_ chunk: ClaimedChunk) async throws(WorkQueueError) -> ReleaseOutcome {
        let reply = try await run(
            QueueScript.ack,
            keys: [keys[.records], keys[.inFlight], keys[.backlog]],
            arguments: [chunk.workerID, chunk.id, chunk.leaseToken]
        )
        return try outcome(of: reply, chunk: chunk)
    }

    /// Records a failed attempt on a held chunk: retried after a backoff, or dead-lettered.
    ///
    /// Transient failures wait `min(cap, base · 2^(attempts − 1)) · (0.5 + jitter)` (see ``Backoff``) in the
    /// delayed zset, until ``Configuration/maxAttempts`` is reached; permanent ones die at once. Both keep IB's
    /// code and text on the record.
    ///
    /// - Parameters:
    ///   - chunk: the claimed chunk.
    ///   - failureClass: ``FailureClass/transient`` or ``FailureClass/permanent``.
    ///   - code: IB's error code, if the error came from IB.
    ///   - message: IB's error text or a description of the failure.
    ///   - jitter: a random number in [0, 1); pass a fixed one in tests.
    /// - Returns: ``ReleaseOutcome/delayed(until:)``, ``ReleaseOutcome/dead``, ``ReleaseOutcome/cancelled`` or
    ///   ``ReleaseOutcome/notHeld``.
    /// - Throws: ``WorkQueueError`` `.invalidArgument` if `jitter` is outside [0, 1].
    @discardableResult
    public func fail(
        _ chunk: ClaimedChunk,
        as failureClass: FailureClass,
        code: Int?,
        message: String,
        jitter: Double = Double.random(in: 0..<1)
    ) async throws(WorkQueueError) -> ReleaseOutcome {
        guard (0...1).contains(jitter) else {
            throw WorkQueueError(.invalidArgument, "The jitter must be in [0, 1], not \(jitter).")
        }
        let codeArgument: any RedisArgument = code.map { $0 as any RedisArgument } ?? ""
        let reply = try await run(
            QueueScript.fail,
            keys: [keys[.records], keys[.inFlight], keys[.delayed], keys[.dead], keys[.backlog]],
            arguments: [
                chunk.workerID, chunk.id, chunk.leaseToken, failureClass.rawValue, codeArgument, message,
                configuration.maxAttempts, configuration.backoff.base.milliseconds,
                configuration.backoff.cap.milliseconds, jitter,
            ]
        )
        return try outcome(of: reply, chunk: chunk)
    }

    /// Hands a held chunk back without spending an attempt.
    ///
    /// For a pacing violation (with the cooldown as `delay`), a lost gateway connection, or graceful shutdown:
    /// the chunk did nothing wrong.
    ///
    /// - Parameters:
    ///   - chunk: the claimed chunk.
    ///   - delay: zero to make it ready again at once (at the back of its priority), else how long it waits.
    /// - Returns: ``ReleaseOutcome/ready``, ``ReleaseOutcome/delayed(until:)``, ``ReleaseOutcome/cancelled`` or
    ///   ``ReleaseOutcome/notHeld``.
    /// - Throws: ``WorkQueueError``.
    @discardableResult
    public func requeueWithoutPenalty(
        _ chunk: ClaimedChunk,
        after delay: Duration = .zero
    ) async throws(WorkQueueError)
        -> ReleaseOutcome
    {
        let delayMilliseconds = try milliseconds(delay, name: "The requeue delay", minimum: 0)
        let reply = try await run(
            QueueScript.requeue,
            keys: [keys[.records], keys[.inFlight], keys[.ready], keys[.delayed], keys[.backlog], keys[.sequence]],
            arguments: [chunk.workerID, chunk.id, chunk.leaseToken, delayMilliseconds]
        )
        return try outcome(of: reply, chunk: chunk)
    }

    /// Reads `{state}` or `{'delayed', due}` replies.
    private func outcome(
        of reply: RedisScriptReply<WorkQueueError>,
        chunk: ClaimedChunk
    ) throws(WorkQueueError)
        -> ReleaseOutcome
    {
        let parts = try reply.elements()
        let outcome: ReleaseOutcome
        switch try parts.element(0).text() {
        case "done": outcome = .done
        case "ready": outcome = .ready
        case "delayed": outcome = .delayed(until: try parts.element(1).number())
        case "dead": outcome = .dead
        case "cancelled": outcome = .cancelled
        case "notheld": outcome = .notHeld
        case let other:
            throw WorkQueueError(.unexpectedReply, "Script \(reply.script) answered the unknown outcome '\(other)'.")
        }
        logger.debug(
            "Released chunk",
            metadata: ["chunk": "\(chunk.id)", "worker": "\(chunk.workerID)", "outcome": "\(outcome)"]
        )
        return outcome
    }
}
