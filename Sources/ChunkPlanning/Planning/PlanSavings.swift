/// How many requests each planning rule saved, against covering the range in fixed spans.
///
/// The baseline, ``fixedSpanRequests``, is the number of chunks needed to cover each contract's range (clipped
/// to the last complete bar before `now`) with the bar size's span, back to back. The rules are then applied
/// one after another, in this order, and each is credited with the chunks it removed: closed periods
/// (weekends, holidays, hours outside the session), the six-month limit for small bars, the head timestamp,
/// and ranges already covered. So `fixedSpanRequests - total` is the number of chunks planned. The order
/// decides the credit when rules overlap: a covered week that is also a holiday week counts as closed.
public struct PlanSavings: Sendable, Hashable {
    /// Requests needed without any of the rules.
    public var fixedSpanRequests: Int
    /// Saved because IB keeps bars of 30 seconds or less for six months only.
    public var smallBarHistoryLimit: Int
    /// Saved because the data starts later (IB's head timestamp).
    public var headTimestamp: Int
    /// Saved because finished chunks already cover the time.
    public var alreadyCovered: Int
    /// Saved by skipping time without a session: weekends, exchange holidays, hours outside the session.
    public var closedPeriods: Int

    /// Creates a tally.
    ///
    /// - Parameters:
    ///   - fixedSpanRequests: The baseline.
    ///   - smallBarHistoryLimit: Saved by the six-month limit.
    ///   - headTimestamp: Saved by head timestamps.
    ///   - alreadyCovered: Saved by covered ranges.
    ///   - closedPeriods: Saved by skipping closed time.
    public init(
        fixedSpanRequests: Int = 0,
        smallBarHistoryLimit: Int = 0,
        headTimestamp: Int = 0,
        alreadyCovered: Int = 0,
        closedPeriods: Int = 0
    ) {
        self.fixedSpanRequests = fixedSpanRequests
        self.smallBarHistoryLimit = smallBarHistoryLimit
        self.headTimestamp = headTimestamp
        self.alreadyCovered = alreadyCovered
        self.closedPeriods = closedPeriods
    }

    /// All requests saved.
    public var total: Int {
        smallBarHistoryLimit + headTimestamp + alreadyCovered + closedPeriods
    }

    static func + (lhs: PlanSavings, rhs: PlanSavings) -> PlanSavings {
        PlanSavings(
            fixedSpanRequests: lhs.fixedSpanRequests + rhs.fixedSpanRequests,
            smallBarHistoryLimit: lhs.smallBarHistoryLimit + rhs.smallBarHistoryLimit,
            headTimestamp: lhs.headTimestamp + rhs.headTimestamp,
            alreadyCovered: lhs.alreadyCovered + rhs.alreadyCovered,
            closedPeriods: lhs.closedPeriods + rhs.closedPeriods
        )
    }
}
