/// A chunk leased to a worker by ``WorkQueue/claim(worker:clientID:lease:)``.
///
/// Keep it for the chunk's whole life in the worker: ``WorkQueue/extendLease(_:by:)``, ``WorkQueue/ack(_:)``,
/// ``WorkQueue/fail(_:as:code:message:jitter:)`` and ``WorkQueue/requeueWithoutPenalty(_:after:)`` need its worker id and
/// lease token, so that a worker whose lease was reaped (and perhaps granted to someone else) cannot act on it.
public struct ClaimedChunk: Sendable, Hashable {
    /// The chunk id.
    public let id: String
    /// The worker that holds the lease.
    public let workerID: String
    /// Identifies this lease; a later claim of the same chunk gets another.
    public let leaseToken: Int64
    /// When the lease runs out unless extended.
    public let leaseDeadline: RedisTime
    /// The record as of the claim.
    public let record: ChunkRecord

    public init(id: String, workerID: String, leaseToken: Int64, leaseDeadline: RedisTime, record: ChunkRecord) {
        self.id = id
        self.workerID = workerID
        self.leaseToken = leaseToken
        self.leaseDeadline = leaseDeadline
        self.record = record
    }
}
