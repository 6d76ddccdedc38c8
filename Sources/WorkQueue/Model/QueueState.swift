/// Where a chunk is in Redis's queue, as its record says.
///
/// Not the chunk's life as the ledger in PostgreSQL keeps it (BackfillStore's `ChunkState`, which also knows
/// `pending` before a chunk reaches Redis and `empty` for a chunk IB had no data for): this is only the queue's
/// side, the structure a chunk sits in. The worker moves both together.
///
/// A chunk is in exactly one of these at any instant. The first four are places in Redis's queue structures; the
/// last two are tombstones, kept only in the records hash so that a repeated `enqueue` knows the chunk.
public enum QueueState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Waiting in the ready zset for a worker.
    case ready
    /// Waiting in the delayed zset for its backoff or cooldown to pass.
    case delayed
    /// Leased to one worker, in the in-flight zset.
    case inFlight = "inflight"
    /// In the dead zset after a permanent failure or too many attempts, with its last error.
    case dead
    /// Acked: the worker committed its bars. A later `enqueue` adds nothing.
    case done
    /// Its backfill was cancelled. A later `enqueue` adds it afresh.
    case cancelled
}
