/// What ``WorkQueue/cancel(backfillID:)`` did.
public struct CancelResult: Sendable, Hashable {
    /// Ready, delayed and dead chunks that left the queue.
    public var removed: Int
    /// In-flight chunks flagged for cancellation: dropped when their worker fails, requeues or loses them.
    public var flaggedInFlight: Int

    public init(removed: Int, flaggedInFlight: Int) {
        self.removed = removed
        self.flaggedInFlight = flaggedInFlight
    }
}
