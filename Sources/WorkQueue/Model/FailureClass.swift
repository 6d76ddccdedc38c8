/// How a failed attempt is treated: retried later, or dead-lettered at once.
///
/// An extensible struct rather than an enum (like ``WorkQueueError/Code``) so that new classes can be added without
/// breaking callers' `switch`es. Pacing violations and lost connections are not failures of the chunk: hand those
/// back with ``WorkQueue/requeueWithoutPenalty(_:after:)``, which spends no attempt.
public struct FailureClass: Sendable, Hashable, CustomStringConvertible {
    /// The name stored in the chunk's record.
    public let rawValue: String

    /// Creates a class from its stored name; unknown names behave like ``transient``.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Worth retrying: backoff with jitter, then dead after the configured attempts (IB timeouts, farm outages).
    public static let transient = FailureClass(rawValue: "transient")
    /// Never going to work: dead at once (unknown contract, no permission, invalid request).
    public static let permanent = FailureClass(rawValue: "permanent")
    /// Set by the reaper, not by callers: the worker holding the chunk stopped renewing its lease.
    public static let leaseExpired = FailureClass(rawValue: "lease")

    public var description: String { rawValue }
}
