import BackfillTestSupport
import BlockingIO
import GlobalPacer
import RedisKit
import Testing

@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct KeyTests {
    @Test func everyKeyCarriesTheHashTagAndAnExpiry() async throws {
        // Scale 10: every key lives at least 10 s, so a stalled machine cannot let one expire before the check.
        let settings = TestRedis.settings {
            $0.hashTag = "pacer-test"
            $0.scale = 10
        }
        try await TestRedis.withPacer(settings, gateway: "login-paper") { pacer in
            _ = try #require(try await pacer.send(.small(1)).permit)
            _ = try #require(try await pacer.send(.large(2)).permit)
            try await pacer.recordMessages(1)
            _ = try await pacer.reportSlowdown()
            _ = try await pacer.reportPacingViolation()
            let keys = try await TestRedis.keys(prefix: pacer.configuration.prefix, pacer.connection)
            #expect(
                Set(keys)
                    == Set(
                        pacer.keys.gatewayKeys + [
                            pacer.keys.perContract(contractKey: "contract-1", exchange: "SMART", whatToShow: "TRADES"),
                            pacer.keys.perContract(contractKey: "contract-2", exchange: "SMART", whatToShow: "TRADES"),
                        ]
                    )
            )
            for key in keys {
                #expect(key.hasPrefix(pacer.configuration.prefix + "{pacer-test}:pacer:login-paper:"))
                let ttl = try await pacer.connection.send("PTTL", key).integer ?? -1
                #expect(ttl > 0, "\(key) has no expiry")
            }
        }
    }

    @Test func anIdleGatewayLeavesNothingBehind() async throws {
        let settings = TestRedis.settings {
            $0.scale = 0.001
            $0.openRequestLease = .milliseconds(300)
            $0.largeBars.slowdownHoldoff = 0
        }
        try await TestRedis.withPacer(settings) { pacer in
            let permit = try #require(try await pacer.send(.small(1)).permit)
            _ = try #require(try await pacer.send(.large(2)).permit)
            try await pacer.release(permit)
            _ = try await pacer.reportSlowdown()
            _ = try await pacer.reportPacingViolation()
            // The longest-lived key is the cooldown: 60 ms plus its 600 ms reset window. Sleep generously.
            try await Task.sleep(for: .seconds(2))
            #expect(try await TestRedis.keys(prefix: pacer.configuration.prefix, pacer.connection) == [])
        }
    }

    @Test func stateReadsWithoutWriting() async throws {
        try await TestRedis.withPacer { pacer in
            let state = try await pacer.state()
            #expect(state.gateway == "127.0.0.1:4002")
            #expect(state.rollingCount == 0)
            #expect(state.cooldownRemaining == .zero)
            #expect(state.largeBarRate == 60)
            #expect(try await TestRedis.keys(prefix: pacer.configuration.prefix, pacer.connection) == [])
        }
    }
}
