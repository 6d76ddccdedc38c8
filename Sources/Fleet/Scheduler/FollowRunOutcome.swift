/// What one scheduler run did for one subscription.
public struct FollowRunOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The subscription.
    public var followID: String
    /// The close the run completed the series up to, UTC epoch seconds.
    public var close: Int64
    /// Chunks (or tick chains) the run put in the queue: those it planned, and any recorded earlier whose push
    /// had failed.
    public var enqueued: Int
    /// How many of them Redis did not hold yet (the rest were queued already).
    public var queued: Int
    /// The span fetched again because IB may have revised it.
    public var revisited: Range<Int64>?

    /// Creates an outcome.
    public init(followID: String, close: Int64, enqueued: Int, queued: Int, revisited: Range<Int64>? = nil) {
        self.followID = followID
        self.close = close
        self.enqueued = enqueued
        self.queued = queued
        self.revisited = revisited
    }

    /// `3 chunk(s) up to 1710273600, 3 queued`.
    public var description: String {
        "\(enqueued) chunk(s) up to \(close), \(queued) queued"
            + (revisited.map { ", revisiting from \($0.lowerBound)" } ?? "")
    }
}
