/// When a request may still be written, and who hears what became of its bytes.
///
/// IB counts a request when it arrives, so a pacer must learn when the request was really written rather than
/// when it was allowed. The connection checks ``deadline`` on its event loop immediately before the write, and
/// calls ``report`` exactly once: ``Outcome/written`` when the bytes reached the socket, ``Outcome/writeFailed``
/// when the write was attempted and failed (some bytes may have left), ``Outcome/notSent`` when nothing was
/// written (the connection was closed, the task cancelled, or the deadline passed first).
public struct SendGate: Sendable {
    /// What became of a request's bytes.
    public enum Outcome: Sendable, Hashable {
        /// Written to the socket.
        case written
        /// Attempted, but the write failed: the gateway may have received part or all of it.
        case writeFailed
        /// Not one byte was written.
        case notSent
    }

    /// The request is not written at or after this instant; it fails with ``TWSClientError/Code/notSent``.
    public var deadline: ContinuousClock.Instant
    /// Called once with the outcome, on the connection's event loop or the caller's task.
    public var report: @Sendable (Outcome) -> Void

    public init(deadline: ContinuousClock.Instant, report: @escaping @Sendable (Outcome) -> Void) {
        self.deadline = deadline
        self.report = report
    }
}
