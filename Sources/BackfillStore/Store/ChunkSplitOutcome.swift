/// What ``ChunkStore/split(_:into:reason:)`` did to a chunk.
public struct ChunkSplitOutcome: Sendable, Equatable {
    /// Whether the chunk is split now (by this call or an earlier one); false when it was finished or cancelled
    /// before, and nothing changed.
    public var isSplit: Bool
    /// The children that still need work, to push to the queue: new ones, and earlier ones not finished yet (a
    /// redelivered split chunk pushes what a crash may have left unqueued).
    public var childIDs: [String]

    /// Creates an outcome.
    ///
    /// - Parameters:
    ///   - isSplit: Whether the chunk is split.
    ///   - childIDs: The children to push.
    public init(isSplit: Bool, childIDs: [String]) {
        self.isSplit = isSplit
        self.childIDs = childIDs
    }
}
