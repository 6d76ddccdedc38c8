import TWSProtocol

/// What ``HeadTimestampResolver/resolve(_:whatToShow:useRTH:)`` found: the head timestamps to plan with, and
/// where each answer came from.
public struct HeadTimestampResolution: Sendable {
    /// Whether the gateway was asked, and if not, why.
    public enum GatewayOutcome: Sendable, Hashable {
        /// Nothing needed asking: every contract was answered from the cache.
        case notNeeded
        /// The gateway was reached and asked.
        case asked
        /// The gateway could not be reached (nothing listening, refused, no handshake); the reason is safe to show.
        case unreachable(String)
        /// The gateway was not tried: no pacer or client-id pool (Redis not reachable), or no free client id.
        case unavailable(String)
    }

    /// IB's earliest data per contract, UTC epoch seconds, for ``PlanRequest/headTimestamps``.
    public var headTimestamps: [Contract: Int64] = [:]
    /// Contracts answered from the PostgreSQL cache (with a head timestamp or a recent "no data").
    public var cached = 0
    /// Contracts IB answered now (with a head timestamp or "no data"); their answers were cached.
    public var fetched = 0
    /// Contracts for which IB has no data for this what-to-show (cached or answered now). They are planned
    /// without a head timestamp, so their chunks come back empty where everyone can see them.
    public var noData: [Contract] = []
    /// Contracts IB refused (unknown contract, no permission, a timeout…), with IB's code and text. They are
    /// planned without a head timestamp; their chunks fail in the worker with the same error.
    public var failed: [Contract: String] = [:]
    /// Contracts not asked at all: the gateway was unreachable, the pacer kept it waiting too long, the task was
    /// cancelled, or the connection was lost. They are planned without a head timestamp.
    public var unchecked: [Contract] = []
    /// Whether the gateway was asked.
    public var gateway = GatewayOutcome.notNeeded

    /// An empty resolution.
    public init() {}
}
