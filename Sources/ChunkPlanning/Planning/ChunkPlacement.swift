import TWSProtocol

/// Places chunks over the needed time of one contract: the backward greedy walk and the duration fit that
/// ``Planner`` describes.
struct ChunkPlacement {
    let barSize: BarSizeSetting
    /// The rule's span for this contract's sessions.
    let rule: IBDuration
    /// The contract's sessions, or `nil` when it has no calendar (every second then counts as trading time).
    let timeline: SessionTimeline?

    /// The chunks covering `need` (sorted, disjoint), as (end, duration, expected bars), ascending.
    func place(_ need: [Range<Int64>]) -> [(end: Int64, duration: IBDuration, bars: Int)] {
        var chunks: [(end: Int64, duration: IBDuration, bars: Int)] = []
        var index = need.count - 1
        var upper = need.last?.upperBound ?? 0
        while index >= 0 {
            let end = upper
            let limit = end - rule.seconds
            var earliest = end
            var bars = 0
            while index >= 0 {
                if upper <= limit {
                    break
                }
                let lower = need[index].lowerBound
                if lower >= limit {
                    bars += barEstimate(lower..<upper)
                    earliest = lower
                    index -= 1
                    upper = index >= 0 ? need[index].upperBound : 0
                } else {
                    bars += barEstimate(limit..<upper)
                    earliest = limit
                    upper = limit
                    break
                }
            }
            if barSize.seconds > 86_400 {
                bars = Int(max(1, Self.divideRoundingUp(end - earliest, Int64(barSize.seconds))))
            }
            chunks.append((end, cheapestDuration(covering: end - earliest, endingAt: end), bars))
        }
        return chunks.reversed()
    }

    /// The one chunk of an endless request (empty end time: IB answers back from `now`), or `nil` when nothing is
    /// needed.
    ///
    /// - Throws: ``PlanningError/Code/rangeTooLongForEndlessRequest`` when the earliest needed second lies
    ///   further back from `now` than the rule's span.
    func endlessChunk(_ need: [Range<Int64>], now: Int64) throws(PlanningError) -> (IBDuration, Int)? {
        guard let first = need.first else {
            return nil
        }
        let length = now - first.lowerBound
        guard length <= rule.seconds else {
            let start = PlannedChunk.endDateTimeText(first.lowerBound)
            throw PlanningError(
                .rangeTooLongForEndlessRequest,
                "IB serves continuous futures and ADJUSTED_LAST only back from now, and \(barSize) bars from \(start) UTC would need more than \(rule) in one request; shorten the range, use a larger bar size, or use dated futures."
            )
        }
        var bars = need.reduce(0) { $0 + barEstimate($1) }
        if barSize.seconds > 86_400 {
            bars = Int(max(1, Self.divideRoundingUp(length, Int64(barSize.seconds))))
        }
        return (cheapestDuration(covering: length, endingAt: now), bars)
    }

    /// The duration whose window `[end - duration, end)` reaches `length` seconds back and holds the least
    /// trading time, among the rule's unit and the smaller units IB lists for the bar size (ib-protocol.md §4.3 (b); `M`
    /// only when the rule itself uses it; `D` below the rule's unit only up to 6 days), never longer than the
    /// rule. Ties go to the larger unit.
    func cheapestDuration(covering length: Int64, endingAt end: Int64) -> IBDuration {
        var best = IBDuration(Int(Self.divideRoundingUp(length, rule.unit.seconds)), rule.unit)
        var bestCost = tradingSeconds(in: (end - best.seconds)..<end)
        for unit in IBDuration.Unit.allCases.reversed() where unit < rule.unit && unit != .months {
            guard barSize.seconds >= unit.smallestBarSeconds, barSize.seconds <= unit.largestListedBarSeconds else {
                continue
            }
            let count = Self.divideRoundingUp(length, unit.seconds)
            // IB counts D in trading days, so "8 D" reaches further back there than "2 W"; use D below a week only.
            let countLimit = unit == .days ? 6 : Int64(unit.maximumCount)
            guard count <= countLimit, count * unit.seconds <= rule.seconds else {
                continue
            }
            let candidate = IBDuration(Int(count), unit)
            guard candidate.violation(for: barSize) == nil else {
                continue
            }
            let cost = tradingSeconds(in: (end - candidate.seconds)..<end)
            if cost < bestCost {
                best = candidate
                bestCost = cost
            }
        }
        return best
    }

    private func tradingSeconds(in window: Range<Int64>) -> Int64 {
        timeline?.tradingSeconds(in: window) ?? (window.upperBound - window.lowerBound)
    }

    /// About how many bars a needed span yields: one per bar-size step for intraday bars (a started bar counts),
    /// one per started day for daily bars. Longer bars are estimated per chunk by the caller.
    private func barEstimate(_ span: Range<Int64>) -> Int {
        let seconds = span.upperBound - span.lowerBound
        let step = Int64(min(barSize.seconds, 86_400))
        return Int(max(1, Self.divideRoundingUp(seconds, step)))
    }

    static func divideRoundingUp(_ value: Int64, _ divisor: Int64) -> Int64 {
        value <= 0 ? 0 : (value + divisor - 1) / divisor
    }
}
