/// What one scheduler run enqueues for a subscription that follows bars: the chunks that complete the series up
/// to a session's close.
///
/// Planned by the ordinary ``Planner`` from the subscription's start to the close, minus the windows of every
/// chunk of the series that is not cancelled (done, empty, queued, running, retrying or dead), so a run asks IB for
/// nothing already asked for: a dead chunk is a gap for `backfill gaps` and `retry`, not something to fetch again
/// at every close. A run after days down plans every session it missed in the same way (catch-up).
///
/// The revisit window (IB revises its latest bars) is not planned as separate requests: its sessions are simply
/// not subtracted, so the planner places one request reaching from the first revisited session to the close
/// where one is enough. That request ends at a close no chunk has ended at before, so its id is new and IB is asked
/// once per run; a bar it brings with other values than stored updates the row and is counted as revised.
public struct FollowRunPlan: Sendable, Hashable {
    /// The chunks, in the planner's order.
    public var chunks: [PlannedChunk]
    /// The span fetched again because IB may have revised it, or `nil` when nothing is revisited.
    public var revisited: Range<Int64>?

    /// Plans a run of a bar subscription.
    ///
    /// - Parameters:
    ///   - spec: The subscription; a tick subscription plans nothing here.
    ///   - close: The close of the session just ended (``SessionCloseSchedule/latestDueSession(at:)``).
    ///   - revisitFrom: The open of the first session to fetch again, or `nil` for none.
    ///   - planned: The windows of every chunk of the series that is not cancelled.
    ///   - headTimestamp: IB's earliest data for the instrument, when known: nothing before it is planned.
    ///   - now: Market time, UTC epoch seconds (at or after `close`).
    ///   - planner: The planner.
    /// - Throws: ``PlanningError`` when the planner refuses the request.
    public static func bars(
        _ spec: FollowSpec,
        through close: Int64,
        revisitFrom: Int64?,
        planned: [Range<Int64>],
        headTimestamp: Int64? = nil,
        now: Int64,
        planner: Planner = Planner()
    ) throws(PlanningError) -> FollowRunPlan {
        guard case .bars(let barSize, let whatToShow) = spec.series, spec.dataFrom < close else {
            return FollowRunPlan(chunks: [], revisited: nil)
        }
        var windows: [Range<Int64>] = []
        for window in planned { TimeRanges.insert(window, into: &windows) }
        var revisited: Range<Int64>?
        if let revisitFrom, max(revisitFrom, spec.dataFrom) < close {
            let span = max(revisitFrom, spec.dataFrom)..<close
            windows = TimeRanges.subtracting(windows, [span])
            revisited = span
        }
        var covered = CoveredRanges()
        for window in windows {
            covered.insert(
                window,
                contract: spec.contract,
                barSize: barSize,
                whatToShow: whatToShow,
                useRTH: spec.useRTH
            )
        }
        var request = PlanRequest(
            contracts: [spec.contract],
            from: spec.dataFrom,
            to: close,
            barSize: barSize,
            whatToShow: whatToShow,
            useRTH: spec.useRTH
        )
        if let headTimestamp { request.headTimestamps = [spec.contract: headTimestamp] }
        let chunks = try planner.plan(request, now: now, covered: covered).chunks
        return FollowRunPlan(chunks: chunks, revisited: chunks.isEmpty ? nil : revisited)
    }
}
