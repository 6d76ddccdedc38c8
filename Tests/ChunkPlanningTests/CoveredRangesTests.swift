import ChunkPlanning
import TWSProtocol
import Testing

@Suite("CoveredRanges")
struct CoveredRangesTests: PlannerFixtures {
    private func ranges(_ inserted: [Range<Int64>]) -> [Range<Int64>] {
        var covered = CoveredRanges()
        for range in inserted {
            covered.insert(range, contract: aapl, barSize: bar("1 min"), whatToShow: "TRADES", useRTH: true)
        }
        return covered.ranges(contract: aapl, barSize: bar("1 min"), whatToShow: "TRADES", useRTH: true)
    }

    @Test("Ranges are kept sorted, disjoint and merged, whatever the insertion order")
    func merging() {
        #expect(ranges([]) == [])
        #expect(ranges([5..<5]) == [])
        #expect(ranges([10..<20, 30..<40]) == [10..<20, 30..<40])
        #expect(ranges([30..<40, 10..<20]) == [10..<20, 30..<40])
        #expect(ranges([10..<20, 20..<30]) == [10..<30])
        #expect(ranges([10..<20, 30..<40, 15..<35]) == [10..<40])
        #expect(ranges([10..<20, 30..<40, 50..<60, 0..<100]) == [0..<100])
        #expect(ranges([10..<20, 30..<40, 50..<60, 21..<29]) == [10..<20, 21..<29, 30..<40, 50..<60])
        #expect(ranges([10..<20, 30..<40, 12..<18]) == [10..<20, 30..<40])
        #expect(ranges([10..<20, 5..<10, 40..<50, 20..<25]) == [5..<25, 40..<50])
    }

    @Test("Every chunk of a plan at once, in any order")
    func bulk() throws {
        let result = try plan([aapl], from: utc(2024, 1, 1), to: utc(2024, 2, 1), bar: "1 min", rth: true)
        var covered = CoveredRanges()
        #expect(covered.isEmpty)
        covered.insert(contentsOf: result.chunks.reversed())
        // The five windows touch end to end: [Mon 1 Jan 21:00Z, Wed 31 Jan 21:00Z).
        let stored = covered.ranges(contract: aapl, barSize: bar("1 min"), whatToShow: "trades", useRTH: true)
        #expect(stored == [utc(2024, 1, 1, 21)..<utc(2024, 1, 31, 21)])
    }
}
