/// How the worker left one claimed chunk.
public enum ChunkOutcome: Sendable, Hashable, CustomStringConvertible {
    /// Bars committed and the chunk acked.
    case done(bars: Int)
    /// A tick page committed (its next page recorded and queued) and acked.
    case pageDone(ticks: Int)
    /// IB had no data for the range: recorded as empty and acked.
    case empty
    /// Postgres already had the chunk finished (a redelivery): acked without asking IB.
    case alreadyFinished
    /// Failed and waiting for another attempt.
    case retrying
    /// Dead-lettered (permanent error, or out of attempts).
    case dead
    /// Handed back without spending an attempt (pacing, lost connection, shutdown, infrastructure outage).
    case requeued
    /// The lease was lost (reaped) or the backfill cancelled; someone else owns what happens next.
    case dropped
    /// Too large for the gateway: replaced by `children` smaller chunks covering its window, queued in its place.
    case split(children: Int)

    /// A short stable name: the `outcome` label of `backfill_chunks_total` and the key of ``WorkerCounters``.
    public var name: String {
        switch self {
        case .done, .pageDone: "done"
        case .empty: "empty"
        case .alreadyFinished: "already_finished"
        case .retrying: "retrying"
        case .dead: "dead"
        case .requeued: "requeued"
        case .dropped: "dropped"
        case .split: "split"
        }
    }

    /// Every ``name``, for series that should exist (at zero) before the first chunk.
    static let names = ["done", "empty", "already_finished", "retrying", "dead", "requeued", "dropped", "split"]

    public var description: String {
        switch self {
        case .done(let bars): "done (\(bars) bars)"
        case .pageDone(let ticks): "done (\(ticks) ticks)"
        case .empty: "empty"
        case .alreadyFinished: "already finished"
        case .retrying: "retrying"
        case .dead: "dead"
        case .requeued: "requeued"
        case .dropped: "dropped"
        case .split(let children): "split into \(children)"
        }
    }
}
