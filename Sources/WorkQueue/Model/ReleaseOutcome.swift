/// What happened to a held chunk when its worker acked, failed or handed it back.
public enum ReleaseOutcome: Sendable, Hashable {
    /// Acked: the chunk is finished.
    case done
    /// Back in the ready zset (a requeue without delay).
    case ready
    /// In the delayed zset until the given time (a transient failure's backoff, or a requeue with a delay).
    case delayed(until: RedisTime)
    /// Dead-lettered: a permanent failure, or the last allowed attempt.
    case dead
    /// Its backfill was cancelled while it was in flight, so it left the queue.
    case cancelled
    /// The worker no longer held the lease (it expired and was reaped); nothing changed.
    case notHeld
}
