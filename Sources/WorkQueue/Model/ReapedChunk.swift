/// A chunk the reaper took back from a worker whose lease expired.
public struct ReapedChunk: Sendable, Hashable {
    /// The chunk id.
    public let id: String
    /// Where it went: ``ChunkState/ready``, ``ChunkState/dead`` (out of attempts) or ``ChunkState/cancelled``.
    public let state: ChunkState

    public init(id: String, state: ChunkState) {
        self.id = id
        self.state = state
    }
}
