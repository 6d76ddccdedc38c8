import BackfillStore
import Logging
import WorkQueue

/// Moves a chunk in both of its records: Redis's queue, which decides who works on it next, and PostgreSQL's
/// chunk row, the system of record that `status`, `resume` and the dashboards read.
///
/// Every transition writes Redis first and then mirrors it in PostgreSQL, and only here. Redis decides: a chunk
/// the queue did not move (its lease was lost, it was cancelled) is not marked in PostgreSQL either. A failed
/// PostgreSQL mirror loses no data (bars are committed with their chunk's final state in one transaction, and
/// `resume` rebuilds the queue from whatever PostgreSQL says), but it leaves a stale state until the chunk's next
/// move: it is logged and counted (`backfill_ledger_write_failures_total`) rather than dropped silently.
struct ChunkLedger: Sendable {
    let queue: WorkQueue
    let store: ChunkStore
    /// Told before each call that ends a chunk's lease, so the heartbeat stops renewing it first.
    let inFlight: InFlightChunks
    let metrics: WorkerMetrics?

    /// Acks a chunk whose work is over (stored, found finished, or dropped): it leaves the queue.
    ///
    /// A failed ack is only logged: the lease runs out, the chunk comes back, and PostgreSQL says it is finished.
    func ack(_ claimed: ClaimedChunk, _ logger: Logger) async {
        do {
            _ = try await settled(claimed).ack(claimed)
        } catch {
            logger.warning("Acking the chunk failed; its lease will run out", metadata: ["error": "\(error)"])
        }
    }

    /// Records that a worker is sending the chunk's request now, with its client id (PostgreSQL only: the queue
    /// knows already).
    func markRunning(_ claimed: ClaimedChunk, clientID: Int, _ logger: Logger) async {
        await mirror("running", claimed.id, logger) {
            try await store.markRunning(claimed.id, worker: claimed.workerID, clientID: clientID)
        }
    }

    /// Records a failed attempt: a retry with backoff, or the dead letters when it was permanent or the last one.
    func fail(
        _ claimed: ClaimedChunk,
        as failureClass: FailureClass,
        code: Int?,
        _ message: String,
        _ logger: Logger
    ) async -> ChunkOutcome {
        let outcome: ReleaseOutcome
        do {
            outcome = try await settled(claimed).fail(claimed, as: failureClass, code: code, message: message)
        } catch {
            logger.warning(
                "Recording the failure in Redis failed; the lease will run out",
                metadata: ["error": "\(error)"]
            )
            return .dropped
        }
        let attempts = claimed.record.attempts + 1
        let state: ChunkState
        let nextAttemptAt: Int64?
        switch outcome {
        case .delayed(let until):
            logger.warning("Chunk failed; will retry", metadata: ["error": "\(message)", "attempts": "\(attempts)"])
            (state, nextAttemptAt) = (.retrying, until / 1000)
        case .dead:
            logger.error("Chunk dead-lettered", metadata: ["error": "\(message)", "attempts": "\(attempts)"])
            (state, nextAttemptAt) = (.dead, nil)
        default:
            return .dropped
        }
        await mirror(state.rawValue, claimed.id, logger) {
            try await store.markFailed(
                claimed.id,
                state: state,
                attempts: attempts,
                errorCode: code,
                errorText: message,
                nextAttemptAt: nextAttemptAt
            )
        }
        return state == .dead ? .dead : .retrying
    }

    /// Gives the chunk back without spending an attempt, after `delay`.
    func handBack(
        _ claimed: ClaimedChunk,
        after delay: Duration,
        _ reason: String,
        _ logger: Logger
    ) async
        -> ChunkOutcome
    {
        let outcome: ReleaseOutcome
        do {
            outcome = try await settled(claimed).requeueWithoutPenalty(claimed, after: delay)
        } catch {
            logger.warning("Handing the chunk back failed; its lease will run out", metadata: ["error": "\(error)"])
            return .dropped
        }
        logger.info("Chunk handed back", metadata: ["reason": "\(reason)", "delay": "\(delay)"])
        if outcome == .notHeld || outcome == .cancelled { return .dropped }
        await mirror("queued", claimed.id, logger) { try await store.markQueued([claimed.id]) }
        return .requeued
    }

    /// Replaces a held chunk by its children in the queue, after PostgreSQL recorded them
    /// (``BackfillStore/ChunkStore/split(_:into:reason:)``), and mirrors them as queued.
    ///
    /// A failed push is only logged: the parent's lease runs out, it comes back, and PostgreSQL, which says it is
    /// split, hands over the children that are still pending.
    func split(_ claimed: ClaimedChunk, into childIDs: [String], _ logger: Logger) async -> ChunkOutcome {
        let outcome: WorkQueue.SplitOutcome
        do {
            outcome = try await settled(claimed).split(claimed, into: childIDs)
        } catch {
            logger.warning(
                "Queueing the split chunk's children failed; its lease will run out",
                metadata: ["error": "\(error)"]
            )
            return .dropped
        }
        guard case .split = outcome else { return .dropped }
        await mirror("queued", claimed.id, logger) { try await store.markQueued(childIDs) }
        return .split(children: childIDs.count)
    }

    /// Mirrors what the reaper did to a chunk whose lease ran out: back to the queue, or dead after too many.
    func reaped(_ reaped: ReapedChunk, _ logger: Logger) async {
        logger.notice(
            "Reaped a chunk whose lease ran out",
            metadata: ["chunk": "\(reaped.id)", "state": "\(reaped.state)"]
        )
        switch reaped.state {
        case .dead:
            await mirror("dead", reaped.id, logger) {
                try await store.markFailed(
                    reaped.id,
                    state: .dead,
                    attempts: queue.configuration.maxAttempts,
                    errorCode: nil,
                    errorText: "The lease ran out too many times (workers died holding it)."
                )
            }
        case .cancelled:
            // Its backfill was cancelled: PostgreSQL marked it when the cancel was recorded.
            break
        default:
            await mirror("queued", reaped.id, logger) { try await store.markQueued([reaped.id]) }
        }
    }

    /// The queue, after marking the chunk settled: the next call ends its lease.
    private func settled(_ claimed: ClaimedChunk) -> WorkQueue {
        inFlight.settle(claimed)
        return queue
    }

    /// Runs one PostgreSQL mirror write; a failure is logged and counted, never thrown (see the type's comment).
    private func mirror(
        _ state: String,
        _ chunkID: String,
        _ logger: Logger,
        _ write: () async throws -> Void
    ) async {
        do {
            try await write()
        } catch {
            metrics?.ledgerWriteFailed()
            logger.warning(
                "PostgreSQL did not record the chunk's new state; it shows the old one until the chunk moves again",
                metadata: ["chunk": "\(chunkID)", "state": "\(state)", "error": "\(error)"]
            )
        }
    }
}
