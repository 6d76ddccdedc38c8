/// One request a split chunk becomes: its window `[end − duration, end)`.
public struct ChunkPiece: Sendable, Hashable {
    /// The end of the window, UTC epoch seconds.
    public var end: Int64
    /// The duration sent to IB.
    public var duration: IBDuration

    /// Creates a piece.
    ///
    /// - Parameters:
    ///   - end: The end of the window, UTC epoch seconds.
    ///   - duration: The duration.
    public init(end: Int64, duration: IBDuration) {
        self.end = end
        self.duration = duration
    }

    /// The window, `[end − duration, end)`.
    public var window: Range<Int64> {
        (end - duration.seconds)..<end
    }
}
