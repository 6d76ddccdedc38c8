import MarketCalendar
import TWSProtocol

/// Plans one request's contracts one at a time, sharing session timelines between contracts of the same kind.
///
/// Internal to ``Planner``, which documents the rules; this type only applies them in order.
struct SeriesPlanner {
    private struct TimelineKey: Hashable {
        var kind: SessionKind
        var span: Range<Int64>
    }

    let barSize: BarSizeSetting
    let whatToShow: String
    let useRTH: Bool
    let from: Int64
    let to: Int64
    let now: Int64
    let table: ChunkSizeTable
    /// Learned caps per bar size and instrument kind, applied over the table.
    let learnedSizes: RequestSizeLimits
    private var timelines: [TimelineKey: SessionTimeline] = [:]

    init(
        request: PlanRequest,
        whatToShow: String,
        now: Int64,
        table: ChunkSizeTable,
        learnedSizes: RequestSizeLimits = RequestSizeLimits()
    ) {
        self.barSize = request.barSize
        self.whatToShow = whatToShow
        self.useRTH = request.useRTH
        self.from = request.from
        self.to = request.to
        self.now = now
        self.table = table
        self.learnedSizes = learnedSizes
    }

    /// The chunks of one contract, ascending, and the requests each rule saved.
    mutating func plan(
        _ contract: Contract,
        head: Int64?,
        covered: [Range<Int64>]
    ) throws(PlanningError) -> (chunks: [PlannedChunk], savings: PlanSavings) {
        let kind = SessionKind(contract: contract)
        let longSessions = kind.map { !$0.hasShortSessions(regularHoursOnly: useRTH) } ?? true
        let rule = learnedSizes.duration(
            capping: table.rule(for: barSize).duration(longSessions: longSessions),
            for: RequestSizeKey(barSize: barSize, secType: contract.secType, useRTH: useRTH)
        )
        let endless = contract.secType == .continuousFuture || whatToShow == "ADJUSTED_LAST"
        let end = min(to, completedDataEnd(kind: kind))
        guard from < end else {
            return ([], PlanSavings())
        }
        // Each candidate duration of a chunk is the fewest units of its kind reaching the earliest needed second,
        // so no window starts more than one unit of the rule before `from`: the timeline need not reach further.
        var timeline: SessionTimeline?
        if let kind {
            timeline = sessionTimeline(kind: kind, span: (from - rule.unit.seconds)..<(endless ? max(end, now) : end))
        }

        func count(_ ranges: [Range<Int64>]) -> Int {
            endless ? (ranges.isEmpty ? 0 : 1) : Self.chunkCount(ranges, span: rule.seconds)
        }
        var need = [from..<end]
        var savings = PlanSavings(fixedSpanRequests: count(need))
        var before = savings.fixedSpanRequests
        if let timeline {
            need = TimeRanges.intersection(need, timeline.intervals)
        }
        savings.closedPeriods = before - count(need)
        before -= savings.closedPeriods
        if barSize.seconds <= 30 {
            need = TimeRanges.starting(need, at: sixMonthCutoff())
        }
        savings.smallBarHistoryLimit = before - count(need)
        before -= savings.smallBarHistoryLimit
        if let head {
            need = TimeRanges.starting(need, at: head)
        }
        savings.headTimestamp = before - count(need)
        before -= savings.headTimestamp
        need = TimeRanges.subtracting(need, covered)
        savings.alreadyCovered = before - count(need)

        let placement = ChunkPlacement(barSize: barSize, rule: rule, timeline: timeline)
        let series = PlannedSeries(contract: contract, barSize: barSize, whatToShow: whatToShow, useRTH: useRTH)
        var hasher = ChunkIDHasher(contract: contract, barSize: barSize, whatToShow: whatToShow, useRTH: useRTH)
        var chunks: [PlannedChunk] = []
        if endless {
            if let (duration, bars) = try placement.endlessChunk(need, now: now) {
                let id = hasher.id(endDateTime: EmptyCollection(), duration: duration)
                chunks = [
                    PlannedChunk(
                        series: series,
                        id: id,
                        endDateTimeOverride: "",
                        duration: duration,
                        windowEnd: now,
                        expectedBars: bars
                    )
                ]
            }
        } else {
            // One buffer for every chunk's end time text: a dated chunk keeps no text, only its window end.
            var endText: [UInt8] = []
            endText.reserveCapacity(32)
            let placed = placement.place(need)
            chunks.reserveCapacity(placed.count)
            for (end, duration, bars) in placed {
                endText.removeAll(keepingCapacity: true)
                EndDateTimeText.write(end, into: &endText)
                chunks.append(
                    PlannedChunk(
                        series: series,
                        id: hasher.id(endDateTime: endText, duration: duration),
                        endDateTimeOverride: nil,
                        duration: duration,
                        windowEnd: end,
                        expectedBars: bars
                    )
                )
            }
        }
        return (chunks, savings)
    }

    /// How many fixed-span chunks the backward walk needs for `ranges` (sorted, disjoint).
    static func chunkCount(_ ranges: [Range<Int64>], span: Int64) -> Int {
        var chunks = 0
        var index = ranges.count - 1
        var upper = ranges.last?.upperBound ?? 0
        while index >= 0 {
            let limit = upper - span
            chunks += 1
            while index >= 0 {
                if upper <= limit {
                    break
                }
                if ranges[index].lowerBound >= limit {
                    index -= 1
                    upper = index >= 0 ? ranges[index].upperBound : 0
                } else {
                    upper = limit
                    break
                }
            }
        }
        return chunks
    }

    private mutating func sessionTimeline(kind: SessionKind, span: Range<Int64>) -> SessionTimeline {
        let key = TimelineKey(kind: kind, span: span)
        if let cached = timelines[key] {
            return cached
        }
        let timeline = SessionTimeline(kind: kind, regularHoursOnly: useRTH, span: span)
        timelines[key] = timeline
        return timeline
    }
}
