/// What the gateway does with a historical request, as decided by ``PacingEngine/evaluate(_:now:)``.
public enum PacingVerdict: Sendable, Hashable {
    /// Serve the request after `latency` simulator seconds.
    ///
    /// The latency comes from the ``SoftThrottle`` for large bars and is 0 for requests judged by the hard
    /// rules. The request has been recorded in the windows and opened in the ``OpenRequestTracker``.
    case allowed(latency: Double)

    /// Refuse with error 162 (the pacing text); nothing was recorded.
    case violation(PacingRule)

    /// Refuse with error 322 ("Only 50 simultaneous API historical data requests allowed."); nothing was
    /// recorded.
    case tooManyOpenRequests

    /// Drop the client's connection: it flooded the soft throttle. Nothing was recorded.
    case disconnect

    /// Whether the request is to be served.
    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }

    /// The rule that refused the request, for the audit log; `nil` when the request was allowed.
    public var brokenRule: PacingRule? {
        switch self {
        case .allowed: nil
        case .violation(let rule): rule
        case .tooManyOpenRequests: .openRequests
        case .disconnect: .softThrottleFlood
        }
    }
}
