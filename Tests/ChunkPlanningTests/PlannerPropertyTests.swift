import ChunkPlanning
import MarketCalendar
import TWSProtocol
import Testing

/// Random requests over every bar size and calendar: the invariants that must hold for any plan.
@Suite("Planner: properties")
struct PlannerPropertyTests: PlannerFixtures {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct Generator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    var contracts: [(Contract, String)] {
        [
            (aapl, "TRADES"), (spx, "TRADES"), (eurusd, "MIDPOINT"), (esm4, "TRADES"), (btc, "AGGTRADES"),
            (vodLondon, "TRADES"),
        ]
    }

    @Test("Chunks are legal, cover every needed second, waste none, and add up with the savings", arguments: 0..<6)
    func invariants(seed: UInt64) throws {
        var random = Generator(state: seed)
        for _ in 0..<30 {
            let (contract, whatToShow) = contracts.randomElement(using: &random)!
            let barSize = BarSizeSetting.all.randomElement(using: &random)!
            let rth = Bool.random(using: &random)
            let rule = ChunkSizeTable.default.rule(for: barSize)
            // Ranges of up to about 40 spans, anywhere in 2016–2024, starting at any second.
            let span = max(rule.shortSessions.seconds, rule.longSessions.seconds)
            let from = Int64.random(in: utc(2016, 1, 1)..<utc(2024, 6, 1), using: &random)
            let to = min(from + Int64.random(in: 3_600...(40 * span), using: &random), utc(2025, 1, 1))
            let now = to + 45 * 86_400
            var heads: [Contract: Int64] = [:]
            if Bool.random(using: &random) {
                heads[contract] = Int64.random(in: (from - 86_400)...to, using: &random)
            }
            let request = PlanRequest(
                contracts: [contract],
                from: from,
                to: to,
                barSize: barSize,
                whatToShow: whatToShow,
                useRTH: rth,
                headTimestamps: heads
            )
            var covered = CoveredRanges()
            var coveredRange: Range<Int64>?
            if Bool.random(using: &random) {
                let start = Int64.random(in: from..<to, using: &random)
                coveredRange = start..<Int64.random(in: (start + 1)...to, using: &random)
                covered.insert(coveredRange!, contract: contract, barSize: barSize, whatToShow: whatToShow, useRTH: rth)
            }
            let result = try Planner().plan(request, now: now, covered: covered)
            let need = Self.need(
                contract: contract,
                barSize: barSize,
                rth: rth,
                from: from,
                to: to,
                now: now,
                head: heads[contract]
            )
            .flatMap { Self.subtract([$0], coveredRange.map { [$0] } ?? []) }
            let label = "\(contract) \(barSize) rth=\(rth) [\(from), \(to))"

            for chunk in result.chunks {
                #expect(
                    simulatorRejection(barSeconds: barSize.seconds, duration: chunk.duration.text) == nil,
                    "\(label) \(chunk)"
                )
                #expect(chunk.duration.seconds <= span, "\(label) \(chunk)")
                #expect(chunk.endDateTime == PlannedChunk.endDateTimeText(chunk.windowEnd))
                #expect(chunk.windowEnd <= to)
                #expect(need.contains { $0.overlaps(chunk.window) }, "\(label): \(chunk) holds nothing needed")
            }
            #expect(zip(result.chunks, result.chunks.dropFirst()).allSatisfy { $0.windowEnd < $1.windowEnd })
            let uncovered = Self.subtract(need, result.chunks.map(\.window))
            #expect(uncovered.isEmpty, "\(label): not covered \(uncovered.prefix(3))")
            #expect(result.chunks.count == result.savings.fixedSpanRequests - result.savings.total, "\(label)")
            let parts = [
                result.savings.closedPeriods, result.savings.smallBarHistoryLimit, result.savings.headTimestamp,
                result.savings.alreadyCovered,
            ]
            #expect(parts.allSatisfy { $0 >= 0 }, "\(label) \(result.savings)")
            #expect(Set(result.chunks.map(\.id)).count == result.chunks.count)
            #expect(try Planner().plan(request, now: now, covered: covered) == result)
        }
    }

    @Test("Covering the planned chunks leaves nothing to plan", arguments: 0..<4)
    func coveredPlanIsEmpty(seed: UInt64) throws {
        var random = Generator(state: 100 + seed)
        for _ in 0..<20 {
            let (contract, whatToShow) = contracts.randomElement(using: &random)!
            let barSize = BarSizeSetting.all.randomElement(using: &random)!
            let rule = ChunkSizeTable.default.rule(for: barSize)
            let from = Int64.random(in: utc(2018, 1, 1)..<utc(2024, 1, 1), using: &random)
            let to = from + Int64.random(in: 3_600...(20 * rule.longSessions.seconds), using: &random)
            let request = PlanRequest(
                contracts: [contract],
                from: from,
                to: to,
                barSize: barSize,
                whatToShow: whatToShow
            )
            let now = to + 45 * 86_400
            let first = try Planner().plan(request, now: now)
            var covered = CoveredRanges()
            for chunk in first.chunks {
                covered.insert(chunk)
            }
            let second = try Planner().plan(request, now: now, covered: covered)
            #expect(second.chunks.isEmpty)
            #expect(second.savings.alreadyCovered == first.chunks.count)
        }
    }

    /// What the planner must cover, computed from the calendar directly.
    static func need(
        contract: Contract,
        barSize: BarSizeSetting,
        rth: Bool,
        from: Int64,
        to: Int64,
        now: Int64,
        head: Int64?
    ) -> [Range<Int64>] {
        var start = max(from, head ?? from)
        if barSize.seconds <= 30 {
            let today = CivilDate(utcEpochSeconds: now)
            let month = today.month > 6 ? today.month - 6 : today.month + 6
            let year = today.month > 6 ? today.year : today.year - 1
            let day = min(today.day, CivilDate.daysInMonth(year: year, month: month))
            start = max(start, CivilDate(year: year, month: month, day: day)!.utcMidnight + (now - today.utcMidnight))
        }
        guard start < to else {
            return []
        }
        guard let kind = SessionKind(contract: contract) else {
            return [start..<to]
        }
        return TradingSessions.intervals(kind: kind, from: start, to: to, regularHoursOnly: rth)
    }

    static func subtract(_ ranges: [Range<Int64>], _ windows: [Range<Int64>]) -> [Range<Int64>] {
        var remaining = ranges
        for window in windows {
            remaining = remaining.flatMap { range -> [Range<Int64>] in
                guard range.overlaps(window) else {
                    return [range]
                }
                var parts: [Range<Int64>] = []
                if range.lowerBound < window.lowerBound {
                    parts.append(range.lowerBound..<window.lowerBound)
                }
                if window.upperBound < range.upperBound {
                    parts.append(window.upperBound..<range.upperBound)
                }
                return parts
            }
        }
        return remaining
    }
}
