import ChunkPlanning

/// A subscription as PostgreSQL keeps it: what it follows and what the scheduler last did for it.
public struct FollowRecord: Sendable, Hashable {
    /// ``FollowSpec/id``, also the id of the backfill its chunks belong to.
    public var id: String
    /// What is followed.
    public var spec: FollowSpec
    /// The close of the last session a run completed, UTC epoch seconds; `nil` before the first run.
    public var lastClose: Int64?
    /// When the scheduler last ran it (database time, UTC epoch seconds).
    public var lastRunAt: Int64?
    /// Chunks (or tick chains) the last run enqueued.
    public var lastEnqueued: Int
    /// Chunks (or tick chains) every run together enqueued.
    public var totalEnqueued: Int64
    /// Stored bars that a fetch of this subscription rewrote with IB's revised values.
    public var revisedBars: Int64

    /// Creates a record.
    public init(
        spec: FollowSpec,
        lastClose: Int64? = nil,
        lastRunAt: Int64? = nil,
        lastEnqueued: Int = 0,
        totalEnqueued: Int64 = 0,
        revisedBars: Int64 = 0
    ) {
        self.id = spec.id
        self.spec = spec
        self.lastClose = lastClose
        self.lastRunAt = lastRunAt
        self.lastEnqueued = lastEnqueued
        self.totalEnqueued = totalEnqueued
        self.revisedBars = revisedBars
    }
}
