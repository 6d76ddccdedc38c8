import BackfillTestSupport
import BlockingIO
import RedisKit
import Testing

@testable import GlobalPacer

/// Redis's clock is a wall clock and may step forward. A step is made here by writing the clock key the pacer holds
/// its clock back by, with a negative value: the fleet's clock then reads ahead, exactly as after a step of Redis's.
@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct ClockStepTests {
    /// A 120 s rolling window (long enough that a starved machine cannot let it lapse while 60 requests fill it),
    /// and room in the other rules for 60 requests.
    static let settings = TestRedis.settings {
        $0.scale = 0.2
        $0.messageLimit = 1000
        $0.maxOpenRequests = 50
    }

    static func heldBack(_ pacer: GlobalPacer) async throws -> Int64? {
        try await pacer.connection.send("GET", pacer.keys.clock).string.flatMap { Int64($0) }
    }

    @Test func aForwardStepPastTheWindowNeitherEmptiesAFullWindowNorLetsA61stThrough() async throws {
        try await TestRedis.withPacer(Self.settings) { pacer in
            _ = try await SendTimeTests.fill(pacer)
            #expect(try await pacer.decide(.small(61)).waited?.rule == .rolling60)
            // Redis's clock jumps 121 s ahead: on it, every one of the 60 has left the 120 s window.
            try await pacer.connection.send("SET", pacer.keys.clock, "-121000")
            let started = ContinuousClock.now
            let (wait, rule) = try #require(try await pacer.decide(.small(61)).waited)
            let took = (ContinuousClock.now - started).milliseconds + 1
            #expect(rule == .rolling60)
            #expect(wait <= .seconds(120))
            // Nothing was trimmed on the stepped clock, and the clock is held back by the step again.
            #expect(try await pacer.connection.send("ZCARD", pacer.keys.rolling).integer == 60)
            // Held back by the whole step (to within the fastest call's slack, a few ms; a second allowed for a busy
            // machine), and by no more than the calls took beyond it; far from the -121 s of a clock not held back.
            let offset = try #require(try await Self.heldBack(pacer))
            #expect((-1_000...took).contains(offset), "held back to \(offset) ms")
            #expect(try await pacer.state().clockHeldBack == .milliseconds(offset))
        }
    }

    @Test func workersThatSeeTheSameStepHoldItBackOnceNotTwice() async throws {
        try await TestRedis.withPacer(Self.settings) { first in
            let second = try GlobalPacer(
                connection: first.connection,
                gateway: first.gateway,
                configuration: first.configuration
            )
            // Both have read the clock before the step.
            for pacer in [first, second] {
                let permit = try #require(try await pacer.decide(.small(Int.random(in: 0...1_000_000))).permit)
                try await pacer.returnUnsent(permit)
            }
            // A one-minute step.
            try await first.connection.send("SET", first.keys.clock, "-60000")
            let started = ContinuousClock.now
            async let one = first.decide(.small(1))
            async let two = second.decide(.small(2))
            let decisions = try await [one, two]
            let took = (ContinuousClock.now - started).milliseconds + 1
            #expect(decisions.allSatisfy { $0.permit != nil })
            // Once: about 0 (no more than the calls took), never the +60 s of a step added twice, nor the -60 s of
            // one not held back.
            let offset = try #require(try await Self.heldBack(first))
            #expect((-1_000...took).contains(offset), "held back to \(offset) ms")
        }
    }

    @Test func aSlowCallIsAskedAgainNotTakenForAStep() async throws {
        try await TestRedis.withPacer(Self.settings) { pacer in
            let warmUp = try #require(try await pacer.decide(.small(0)).permit)
            try await pacer.returnUnsent(warmUp)
            // The pacer's connection is parked 300 ms, far past the 50 ms a call may take before its script runs: the
            // script finds its clock past the ceiling, judges nothing, and the pacer, seeing the call was slow,
            // simply asks again.
            let parked = Task { try await pacer.connection.send("BLPOP", pacer.keys.base + "idle", "0.3") }
            try await Task.sleep(for: .milliseconds(50))
            let permit = try #require(try await pacer.decide(.small(1)).permit)
            _ = try await parked.value
            try await pacer.markSent(permit)
            #expect(try await Self.heldBack(pacer) == nil)
            #expect(try await pacer.connection.send("ZCARD", pacer.keys.rolling).integer == 1)
        }
    }

    @Test func aScriptCalledWithoutTheClockKeyLastRefusesToRun() async throws {
        // Every pacer script reads the fleet's clock; one run without the clock key would read Redis's own.
        try await TestRedis.withPacer(Self.settings) { pacer in
            await #expect(throws: PacerError.self) {
                try await pacer.run(PacerScript.renew, keys: [pacer.keys.open], arguments: ["token", 1000])
            }
            _ = try await pacer.runOnFleetClock(PacerScript.renew, keys: [pacer.keys.open], arguments: ["t", 1000])
        }
    }
}
