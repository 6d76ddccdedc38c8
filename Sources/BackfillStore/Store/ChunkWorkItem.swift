import ChunkPlanning

/// Everything a worker needs to run one chunk, loaded from Postgres alone (``ChunkStore/workItem(id:)``).
///
/// Redis carries only the chunk id; the request itself (contract, end time, duration, …) and the ids the commit
/// needs come from here, so a queue rebuilt from Postgres (`backfill resume`) loses nothing.
public struct ChunkWorkItem: Sendable, Hashable {
    /// The request: a bar request (contract from the `instruments` row, bar size, what-to-show, useRTH, end time
    /// text, duration and window) or a tick page.
    public var request: ChunkRequest
    /// The chunk's `instruments.id`, for ``BarStore/commit(chunkID:instrumentID:barSize:whatToShow:bars:anomalyCount:)``.
    public var instrumentID: Int64
    /// The backfill the chunk was planned for (the first one, when several backfills share the chunk).
    public var backfillID: String
    /// The backfill's priority.
    public var priority: Int
    /// The chunk's state now; a finished chunk (``ChunkState/isFinished``) needs no request.
    public var state: ChunkState
    /// Attempts spent so far.
    public var attempts: Int
    /// The chunk this one was split from, when a gateway found that one too large.
    public var splitFrom: String?

    /// Creates a work item.
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - instrumentID: The `instruments.id`.
    ///   - backfillID: The backfill id.
    ///   - priority: The backfill's priority.
    ///   - state: The chunk's state.
    ///   - attempts: Attempts spent so far.
    ///   - splitFrom: The chunk this one was split from, if any.
    public init(
        request: ChunkRequest,
        instrumentID: Int64,
        backfillID: String,
        priority: Int,
        state: ChunkState,
        attempts: Int,
        splitFrom: String? = nil
    ) {
        self.request = request
        self.instrumentID = instrumentID
        self.backfillID = backfillID
        self.priority = priority
        self.state = state
        self.attempts = attempts
        self.splitFrom = splitFrom
    }
}
