import MarketCalendar

/// The open intervals of one session kind over a span of time, with running totals so the trading time inside
/// any window is two binary searches away.
///
/// Built once per session kind per plan and shared by every contract of that kind, which is what keeps
/// planning 500 stocks about as cheap as planning one.
struct SessionTimeline: Sendable {
    /// Open intervals (UTC), ascending, disjoint; clipped to ``span``.
    let intervals: [Range<Int64>]
    /// What the timeline knows: outside it, ``tradingSeconds(in:)`` treats time as closed.
    let span: Range<Int64>
    /// `runningTotal[i]` = open seconds in `intervals[0..<i]`.
    private let runningTotal: [Int64]

    init(kind: SessionKind, regularHoursOnly: Bool, span: Range<Int64>) {
        self.span = span
        self.intervals = TradingSessions.intervals(
            kind: kind,
            from: span.lowerBound,
            to: span.upperBound,
            regularHoursOnly: regularHoursOnly
        )
        var totals: [Int64] = [0]
        totals.reserveCapacity(intervals.count + 1)
        for interval in intervals {
            totals.append(totals[totals.count - 1] + (interval.upperBound - interval.lowerBound))
        }
        self.runningTotal = totals
    }

    /// Open seconds in `window`.
    func tradingSeconds(in window: Range<Int64>) -> Int64 {
        openSeconds(before: window.upperBound) - openSeconds(before: window.lowerBound)
    }

    /// Open seconds from the start of the timeline up to `time`.
    private func openSeconds(before time: Int64) -> Int64 {
        let index = TimeRanges.firstIndex(in: intervals, endingAfter: time)
        var total = runningTotal[index]
        if index < intervals.count, intervals[index].lowerBound < time {
            total += time - intervals[index].lowerBound
        }
        return total
    }
}
