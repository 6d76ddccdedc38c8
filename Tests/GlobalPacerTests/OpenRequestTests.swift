import BackfillTestSupport
import BlockingIO
import GlobalPacer
import RedisKit
import Testing

@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct OpenRequestTests {
    @Test func theCapMakesTheNextRequestWaitAndReleaseFreesASlotAtOnce() async throws {
        let settings = TestRedis.settings {
            $0.scale = 10
            $0.maxOpenRequests = 2
        }
        try await TestRedis.withPacer(settings) { pacer in
            let first = try #require(try await pacer.decide(.small(1)).permit)
            _ = try #require(try await pacer.decide(.small(2)).permit)
            let (wait, rule) = try #require(try await pacer.decide(.small(3)).waited)
            #expect(rule == .openRequests)
            // A release may come any time, so the wait is capped at the poll interval.
            #expect(wait <= settings.openRequestPollInterval)
            #expect(try await pacer.state().openRequests == 2)
            #expect(try await pacer.release(first))
            #expect(try await pacer.release(first) == false)
            #expect(try await pacer.decide(.small(3)).permit != nil)
        }
    }

    @Test func aNeverReleasedPermitFreesItsSlotWhenTheLeaseRunsOut() async throws {
        let settings = TestRedis.settings {
            $0.maxOpenRequests = 1
            $0.openRequestLease = .milliseconds(300)
        }
        try await TestRedis.withPacer(settings) { pacer in
            let abandoned = try #require(try await pacer.decide(.small(1)).permit)
            #expect(abandoned.leaseDeadline == abandoned.grantedAt + 300)
            if let (_, rule) = try await pacer.decide(.small(2)).waited {
                #expect(rule == .openRequests)
            }
            try await Task.sleep(for: .seconds(1))
            #expect(try await pacer.decide(.small(3)).permit != nil)
            #expect(try await pacer.release(abandoned) == false)
        }
    }

    @Test func renewingExtendsALiveLeaseButNeverRevivesAnExpiredOne() async throws {
        let settings = TestRedis.settings { $0.openRequestLease = .milliseconds(200) }
        try await TestRedis.withPacer(settings) { pacer in
            let permit = try #require(try await pacer.decide(.small(1)).permit)
            let renewed = try await pacer.renew(permit, lease: .seconds(60))
            if let renewed {
                #expect(renewed >= permit.grantedAt + 60_000)
            }
            let short = try #require(try await pacer.decide(.small(2)).permit)
            try await Task.sleep(for: .seconds(1))
            #expect(try await pacer.renew(short) == nil)
            #expect(try await pacer.state().openRequests == (renewed == nil ? 0 : 1))
        }
    }

    @Test func anotherGatewaysPermitIsRefused() async throws {
        try await TestRedis.withPacer { pacer in
            let permit = try #require(try await pacer.decide(.small(1)).permit)
            let foreign = PacerPermit(
                token: permit.token,
                gateway: "other:4001",
                grantedAt: permit.grantedAt,
                leaseDeadline: permit.leaseDeadline,
                recorded: permit.recorded,
                weight: permit.weight,
                request: permit.request,
                sendDeadline: permit.sendDeadline,
                sendBy: permit.sendBy
            )
            await #expect(throws: PacerError.self) { try await pacer.release(foreign) }
            await #expect(throws: PacerError.self) { try await pacer.markSent(foreign) }
            await #expect(throws: PacerError.self) { try await pacer.returnUnsent(foreign) }
            #expect(try await pacer.release(permit))
        }
    }
}
