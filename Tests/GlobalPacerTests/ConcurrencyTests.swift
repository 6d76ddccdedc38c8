import BackfillTestSupport
import BlockingIO
import GlobalPacer
import RedisKit
import Synchronization
import Testing

/// Many workers on their own connections, each acquiring as fast as the pacer lets it and some sending late:
/// whatever the interleaving and the delays between permit and send, the send times Redis recorded (what IB
/// counts) must never put more than a limit's worth inside any window.
@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct ConcurrencyTests {
    struct Grant: Sendable {
        var time: Int64
        var weight: Int
        /// The same-contract rule's key: contract and whatToShow (the exchange is the same for all).
        var contract: String
    }

    @Test func concurrentAcquirersNeverExceedAnyWindow() async throws {
        var settings = TestRedis.settings {
            $0.scale = 0.005
            $0.maxOpenRequests = 3
            $0.openRequestPollInterval = .milliseconds(5)
        }
        settings.prefix = "test:\(UInt64.random(in: 0...UInt64.max)):"
        let redis = try TestServers.redisConfiguration()
        let workers = 6
        let perWorker = 20
        let held = HeldCount()
        let configuration = settings
        let grants = try await withThrowingTaskGroup(of: [Grant].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    try await RedisConnection.withConnection(configuration: redis) { connection in
                        let pacer = try GlobalPacer(connection: connection, gateway: "gw", configuration: configuration)
                        var mine: [Grant] = []
                        for number in 0..<perWorker {
                            let whatToShow = number % 5 == 0 ? "BID_ASK" : "TRADES"
                            let request = PacedRequest.small(
                                number,
                                contract: "c\(number % 3)",
                                whatToShow: whatToShow,
                                identity: "w\(worker)-\(number)"
                            )
                            let permit = try await pacer.acquire(request)
                            held.add(1)
                            // Every third request is sent late, by up to half a rolling window: a starved or
                            // paused worker. The windows must still hold at the send times.
                            if number % 3 == worker % 3 {
                                try await Task.sleep(for: .milliseconds(Int.random(in: 0...1500)))
                            }
                            let sentAt = try await pacer.markSent(permit)
                            mine.append(
                                Grant(
                                    time: sentAt,
                                    weight: permit.weight,
                                    contract: "\(request.contractKey)|\(whatToShow)"
                                )
                            )
                            try await Task.sleep(for: .milliseconds(1))
                            held.add(-1)
                            try await pacer.release(permit)
                        }
                        return mine
                    }
                }
            }
            var all: [Grant] = []
            for try await part in group { all += part }
            return all
        }
        try await RedisConnection.withConnection(configuration: redis) { connection in
            let keys = try await TestRedis.keys(prefix: configuration.prefix, connection)
            if !keys.isEmpty { try await connection.send(RedisCommand("DEL", arguments: keys)) }
        }

        #expect(grants.count == workers * perWorker)
        let c = configuration
        let weighted = grants.map { (time: $0.time, weight: $0.weight) }
        #expect(
            SlidingWindow.maximumWeight(of: weighted, window: c.windowMilliseconds(c.rollingWindow)) <= c.rollingLimit
        )
        let messages = grants.map { (time: $0.time, weight: 1) }
        #expect(
            SlidingWindow.maximumWeight(of: messages, window: c.windowMilliseconds(c.messageWindow)) <= c.messageLimit
        )
        for contract in Set(grants.map(\.contract)) {
            let same = grants.filter { $0.contract == contract }.map { (time: $0.time, weight: $0.weight) }
            let most = SlidingWindow.maximumWeight(of: same, window: c.windowMilliseconds(c.perContractWindow))
            #expect(most <= c.perContractLimit, "contract \(contract)")
        }
        #expect(held.most <= c.maxOpenRequests)
    }
}

/// Permits held at once in this process, and the most ever held.
///
/// Counted up after a grant and down before the release, so it never exceeds what Redis counts.
final class HeldCount: Sendable {
    private let state = Mutex((now: 0, most: 0))

    func add(_ delta: Int) {
        state.withLock {
            $0.now += delta
            $0.most = max($0.most, $0.now)
        }
    }

    var most: Int { state.withLock { $0.most } }
}
