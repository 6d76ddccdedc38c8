import BackfillStore
import ChunkPlanning
import Fleet
import Foundation
import GlobalPacer
import WorkQueue

/// Everything the dashboard's pages show, read at one moment and shared by every page and event stream until the
/// next read: 50 open pages cost Redis and PostgreSQL what one does.
struct DashboardSnapshot: Sendable {
    /// Queue depth at one moment, for the chart of the last hour.
    struct QueueSample: Sendable, Hashable {
        var time: Int64
        var ready: Int
        var delayed: Int
        var inFlight: Int
        var dead: Int
    }

    /// What `status` reads: backfills, queue, workers, pacers, the scheduler (the JSON API serves it as
    /// `status --json` prints it).
    var status: StatusSnapshot
    /// Chunks and bars finished per minute over the last hour.
    var throughput: [ChunkStore.MinuteThroughput]
    /// Queue depth samples of the last hour, oldest first (kept by this dashboard process since it started).
    var queueHistory: [QueueSample]
    /// The newest dead chunks.
    var dead: [ChunkStore.DeadChunkRow]
    /// Chunks whose last error in the last hour was IB's pacing violation (162).
    var recentViolations: Int
    /// Market time at the read (the scheduler's next runs are in it).
    var marketNow: Int64

    /// The subscriptions, as the status read them.
    var follows: [FollowRecord] { status.scheduler?.records ?? [] }
    /// The scheduler's delay (from its lease), for the next runs.
    var schedulerDelay: Int64 { status.scheduler?.delay ?? SchedulerConfiguration.defaultDelay }
}
