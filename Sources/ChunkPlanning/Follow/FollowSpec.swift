import MarketCalendar
import TWSProtocol

/// A subscription (`backfill follow add`): one instrument's series kept current by the scheduler after every
/// session close, from ``dataFrom`` on.
public struct FollowSpec: Sendable, Hashable {
    /// The instrument.
    public var contract: Contract
    /// The symbol as the user typed it, for listings.
    public var symbol: String
    /// What is kept current.
    public var series: FollowSeries
    /// Regular trading hours only.
    public var useRTH: Bool
    /// The first second kept, UTC epoch seconds.
    public var dataFrom: Int64
    /// How many sessions before the newest are fetched again at each close, because IB revises recent bars.
    public var revisitSessions: Int
    /// The queue priority of the chunks it enqueues.
    public var priority: Int

    /// The most sessions a revisit window may span.
    public static let revisitLimit = 20

    /// Creates a subscription.
    public init(
        contract: Contract,
        symbol: String,
        series: FollowSeries,
        useRTH: Bool,
        dataFrom: Int64,
        revisitSessions: Int = 0,
        priority: Int = 0
    ) {
        self.contract = contract
        self.symbol = symbol
        self.series = series
        self.useRTH = useRTH
        self.dataFrom = dataFrom
        self.revisitSessions = revisitSessions
        self.priority = priority
    }

    /// Derived from the instrument's identity and the series, so following the same thing twice finds one
    /// subscription; also the id of the backfill its chunks belong to.
    public var id: String {
        ChunkID.stableHash([
            "follow-v1", contract.planningIdentity, series.barSizeText, series.whatToShowText, useRTH ? "1" : "0",
        ])
    }

    /// When the scheduler runs it: after each close of the instrument's own calendar.
    ///
    /// - Parameter delay: Seconds after a close before the run (bars need a moment to settle at IB).
    public func schedule(delay: Int64) -> SessionCloseSchedule {
        SessionCloseSchedule(kind: SessionKind(contract: contract), useRTH: useRTH, delay: delay)
    }
}
