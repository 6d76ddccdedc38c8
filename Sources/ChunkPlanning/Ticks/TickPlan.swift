/// What ``TickPlanner`` made of a ``TickPlanRequest``: each session's first page, what was left out, and an
/// estimate.
public struct TickPlan: Sendable, Hashable {
    /// The first page of every session chain to download, by contract in request order, then by time.
    public var firstPages: [TickPage]
    /// Sessions left out because IB has no ticks for them: before the head timestamp, or older than IB keeps
    /// (``TickPlanner/historyLimitSeconds``).
    public var sessionsBeforeIBData: Int
    /// Sessions left out because they have not closed yet (a chain fetches a session once, whole).
    public var sessionsNotClosed: Int
    /// Sessions left out because their chain is recorded already (``TickPlanner/plan(_:now:recordedChains:densities:)``).
    public var sessionsAlreadyRecorded: Int
    /// The estimate; it is one, since IB says how many ticks there are only by sending them.
    public var estimate: TickPlanEstimate
}

/// About how many ticks and requests a tick plan needs, from a density per instrument.
public struct TickPlanEstimate: Sendable, Hashable {
    /// Expected ticks over every planned session.
    public var ticks: Int
    /// Expected requests: per session, the ticks over 1000 rounded up (at least one request).
    public var requests: Int
    /// Requests as IB's pacing counts them (`BID_ASK` twice).
    public var pacingCost: Int
    /// Seconds at the plan's pace.
    public var seconds: Int64
    /// Where each instrument's density came from: `observed` (ticks already stored) or `assumed` (a default for
    /// its security type).
    public var densitySources: [String: String]
}
