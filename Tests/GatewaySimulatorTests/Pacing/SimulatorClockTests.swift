import Foundation
import GatewaySimulator
import Testing

@Suite("Pacing: the simulator clock")
struct SimulatorClockTests {
    @Test func startsAtZeroAndNeverGoesBack() {
        let clock = SimulatorClock()
        let readings = (0..<1_000).map { _ in clock.now() }
        #expect(readings[0] >= 0)
        #expect(readings[0] < 1)
        #expect(zip(readings, readings.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(abs(clock.wallTime().timeIntervalSinceNow) < 5)
    }
}
