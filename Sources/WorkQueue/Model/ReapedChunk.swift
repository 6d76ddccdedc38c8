/// A chunk the reaper took back from a worker whose lease expired.
public struct ReapedChunk: Sendable, Hashable {
    /// The chunk id.
    public let id: String
    /// Where it went: ``QueueState/ready``, ``QueueState/dead`` (out of attempts) or ``QueueState/cancelled``.
    public let state: QueueState

    public init(id: String, state: QueueState) {
        self.id = id
        self.state = state
    }
}
