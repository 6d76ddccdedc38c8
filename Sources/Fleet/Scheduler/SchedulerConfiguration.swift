/// How `backfill scheduler` behaves.
public struct SchedulerConfiguration: Sendable, Hashable {
    /// This scheduler's name in the lease and in `status` (host and process id).
    public var holder: String
    /// Seconds after a session's close before its run (IB's last bars need a moment to settle).
    public var delay: Int64 = Self.defaultDelay
    /// Seconds a lease lasts unless renewed; a standby takes over within one period after the active scheduler
    /// dies.
    public var leasePeriod: Double = 30
    /// How often the scheduler looks at the lease and the calendar; renewals happen at this pace too, so it must
    /// be well under ``leasePeriod``.
    public var pollInterval: Duration = .seconds(5)
    /// The lease's name: schedulers sharing one PostgreSQL database and one name elect one active among them.
    public var leaseName = "scheduler"

    /// The default ``delay``: ten minutes. Listings made while no scheduler has recorded its own assume it.
    public static let defaultDelay: Int64 = 600

    /// Creates a configuration with defaults.
    public init(holder: String) {
        self.holder = holder
    }
}
