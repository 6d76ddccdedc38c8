/// Permission to send one request, from ``GlobalPacer/decide(_:)`` or ``GlobalPacer/acquire(_:)``.
///
/// The permit holds one of the gateway's open-request slots until ``GlobalPacer/release(_:)`` or until its lease
/// runs out (``leaseDeadline``), so a worker that dies frees its slot by itself. Release it when IB answers
/// (the last bar, or an error), or for a head-timestamp request once it is cancelled. Renew the lease with
/// ``GlobalPacer/renew(_:lease:)`` for a request that takes longer than the lease.
///
/// IB counts a request when it arrives, so the windows hold the permit at ``sendDeadline`` (the latest its request
/// may be written) until ``GlobalPacer/markSent(_:)`` records when it really was. Send only while ``maySend``
/// (the local clock's ``sendBy``); a permit whose request was not written by then goes back with
/// ``GlobalPacer/returnUnsent(_:)``, which frees everything it took.
public struct PacerPermit: Sendable, Hashable {
    /// Unique per permit; the member of the open-requests zset.
    public let token: String
    /// The gateway the permit belongs to.
    public let gateway: String
    /// When the permit was granted, in milliseconds since the Unix epoch on the Redis server's clock: the time
    /// recorded in every window.
    public let grantedAt: Int64
    /// When the open-request slot frees itself unless released or renewed (Redis clock, ms).
    public let leaseDeadline: Int64
    /// The rules whose windows recorded this request (``PacerRule/openRequests`` always among them).
    public let recorded: Set<PacerRule>
    /// The units this request counts in the weighted windows (2 for `BID_ASK`).
    public let weight: Int
    /// The request the permit was granted for (its keys name the windows to update).
    public let request: PacedRequest
    /// The latest moment its request may be written (Redis clock, ms): where the windows hold the permit until it
    /// is marked sent.
    public let sendDeadline: Int64
    /// ``sendDeadline`` on this process's monotonic clock, counted from before the pacer was asked, so it never
    /// falls after the Redis deadline: the request must not be written after this instant.
    public let sendBy: ContinuousClock.Instant

    public init(
        token: String,
        gateway: String,
        grantedAt: Int64,
        leaseDeadline: Int64,
        recorded: Set<PacerRule>,
        weight: Int,
        request: PacedRequest,
        sendDeadline: Int64,
        sendBy: ContinuousClock.Instant
    ) {
        self.token = token
        self.gateway = gateway
        self.grantedAt = grantedAt
        self.leaseDeadline = leaseDeadline
        self.recorded = recorded
        self.weight = weight
        self.request = request
        self.sendDeadline = sendDeadline
        self.sendBy = sendBy
    }

    /// Whether the request may still be written: before ``sendBy``.
    public var maySend: Bool { ContinuousClock.now < sendBy }
}
