/// Where a chunk is in its life; Postgres mirrors every transition (the `chunks.state` check constraint).
public enum ChunkState: String, Sendable, Hashable, CaseIterable {
    /// Written to Postgres, not yet pushed to Redis.
    case pending
    /// In Redis's ready queue.
    case queued
    /// Claimed by a worker.
    case running
    /// Bars stored.
    case done
    /// IB had no data for the span: done with 0 bars.
    case empty
    /// Waiting in Redis's delayed set after a transient failure.
    case retrying
    /// Dead-lettered: permanent error or out of attempts.
    case dead
    case cancelled
    /// Too large for its gateway: replaced by smaller chunks covering its window (their `split_from` names it).
    case split

    /// States after which the chunk needs no more work.
    public var isFinished: Bool { self == .done || self == .empty || self == .cancelled || self == .split }
}
