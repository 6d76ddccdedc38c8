/// The answer to a lease extension.
public enum LeaseStatus: Sendable, Hashable {
    /// Still held, now until `deadline`. `cancelRequested` is true when the chunk's backfill was cancelled: the
    /// worker may stop early and hand it back (it will be dropped), or finish and ack it.
    case held(deadline: RedisTime, cancelRequested: Bool)
    /// The lease expired and the reaper took the chunk back; stop working on it. Its ack would be refused.
    case lost
}
