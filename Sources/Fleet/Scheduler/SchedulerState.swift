/// What a ``Scheduler`` knows of itself, for `/healthz` and logs.
public struct SchedulerState: Sendable, Hashable {
    /// Whether it held the lease at its last pass.
    public var active = false
    /// Subscription runs done since it started.
    public var runs = 0
    /// Chunks (or tick chains) those runs enqueued.
    public var enqueued = 0
    /// Market time of the last run that enqueued anything.
    public var lastEnqueueAt: Int64?
    /// The role last logged (active or standing by), `nil` before the first pass.
    var announced: Bool?
    /// Planning failures already logged, as `followID@close`, so each is logged once.
    var reportedFailures: Set<String> = []

    public init() {}
}
