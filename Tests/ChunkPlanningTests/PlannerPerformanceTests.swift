import ChunkPlanning
import Foundation
import TWSProtocol
import Testing

/// Opt-in (`BACKFILL_PERFORMANCE_TESTS=1`); run in a release build: `swift test -c release --filter Performance`.
/// It prints the time and asserts nothing about it.
@Suite("Planner: performance", .enabled(if: ProcessInfo.processInfo.environment["BACKFILL_PERFORMANCE_TESTS"] != nil))
struct PlannerPerformanceTests: PlannerFixtures {
    @Test("500 symbols × 20 years of 1-min RTH bars")
    func fiveHundredSymbolsTwentyYears() throws {
        let contracts = (0..<500).map { index in
            Contract(symbol: "S\(index)", secType: .stock, exchange: "SMART", currency: "USD")
        }
        let request = PlanRequest(
            contracts: contracts,
            from: utc(2005, 1, 1),
            to: utc(2025, 1, 1),
            barSize: bar("1 min"),
            useRTH: true
        )
        let clock = ContinuousClock()
        var result: PlanResult?
        let elapsed = try clock.measure {
            result = try Planner().plan(request, now: utc(2025, 6, 1))
        }
        let chunks = result?.chunks.count ?? 0
        print("planned \(chunks) chunks for 500 symbols × 20 years of 1 min RTH in \(elapsed)")
        #expect(chunks > 500 * 1_000)
    }
}
