import Fleet
import Foundation
import GatewaySimulator
import Logging
import Synchronization
import TWSClient
import Testing
import WorkQueue

/// The worker's gateway session against the in-process simulator: client-id collisions and paused farms.
@Suite struct GatewaySessionTests {
    /// A pool in memory, standing in for Redis's (tested in ClientIDLeaseTests): hands out the first free id.
    final class MemoryPool: Sendable {
        let leased = Mutex<Set<Int>>([])
        let ids: [Int]

        init(_ ids: [Int]) { self.ids = ids }

        var clientIDs: GatewaySession.ClientIDs {
            GatewaySession.ClientIDs(
                acquire: { excluding in
                    self.leased.withLock { leased in
                        guard let id = self.ids.first(where: { !leased.contains($0) && !excluding.contains($0) }) else {
                            return nil
                        }
                        leased.insert(id)
                        return id
                    }
                },
                release: { id in _ = self.leased.withLock { $0.remove(id) } }
            )
        }
    }

    static func withSimulator(_ body: (SimulatorServer, Int) async throws -> Void) async throws {
        var configuration = SimulatorConfiguration()
        configuration.port = 0
        let server = try SimulatorServer(configuration: configuration)
        let port = try await server.start()
        do {
            try await body(server, port)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    @Test func anIdInUseOutsideTheFleetMakesTheSessionLeaseAnother() async throws {
        try await Self.withSimulator { _, port in
            // Someone's TWS session already uses id 1, which the pool would hand out first.
            var patient = TWSClientConfiguration(port: port, clientID: 1)
            // A loaded CI machine is slow, not broken.
            patient.connectTimeout = .seconds(30)
            patient.handshakeTimeout = .seconds(30)
            let outsider = try await TWSConnection.connect(configuration: patient)
            let pool = MemoryPool([1, 2, 3])
            let session = GatewaySession(
                host: "127.0.0.1",
                port: port,
                clientIDs: pool.clientIDs,
                logger: Logger(label: "test")
            )
            let connection = try await session.ready()
            #expect(connection.configuration.clientID == 2)
            #expect(session.clientID == 2)
            // The refused id went back to the pool; the session holds only the one it uses.
            #expect(pool.leased.withLock { $0 } == [2])
            await session.close()
            #expect(pool.leased.withLock { $0 }.isEmpty)
            await outsider.close()
        }
    }

    @Test func historicalRequestsWaitWhileTheFarmIsDown() async throws {
        try await Self.withSimulator { server, port in
            let session = GatewaySession(
                host: "127.0.0.1",
                port: port,
                clientIDs: MemoryPool([5]).clientIDs,
                logger: Logger(label: "test")
            )
            let connection = try await session.ready()
            server.setHistoricalFarm(available: false)
            let deadline = ContinuousClock.now + .seconds(20)
            while connection.farmStatus.historicalFarmAvailable, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(!connection.farmStatus.historicalRequestsAllowed)
            let resumed = Mutex(false)
            let waiter = Task {
                let ready = try await session.ready()
                resumed.withLock { $0 = true }
                return ready.configuration.clientID
            }
            // A slow machine can only make the waiter later, never earlier: this check cannot pass by accident.
            try await Task.sleep(for: .seconds(1))
            #expect(!resumed.withLock { $0 }, "ready() returned while the historical farm was down")
            server.setHistoricalFarm(available: true)
            #expect(try await waiter.value == 5)
            await session.close()
        }
    }
}

/// Issue 17, item 1: a gateway that completes every handshake and then breaks must be backed off from.
@Suite struct GatewaySessionBackoffTests {
    @Test func connectionsThatAnswerNothingAreBackedOffUntilOneAnswers() async throws {
        try await GatewaySessionTests.withSimulator { _, port in
            let pool = GatewaySessionTests.MemoryPool([1, 2, 3])
            let session = GatewaySession(
                host: "127.0.0.1",
                port: port,
                clientIDs: pool.clientIDs,
                backoff: Backoff(base: .milliseconds(400), cap: .seconds(10)),
                logger: Logger(label: "test")
            )
            var connection = try await session.ready()
            // Three connections in a row fail before answering anything: each reconnect waits longer.
            var waits: [Duration] = []
            for lost in 1...3 {
                await session.connectionFailed(connection)
                #expect(session.consecutiveFailures == lost)
                let started = ContinuousClock.now
                connection = try await session.ready()
                waits.append(ContinuousClock.now - started)
            }
            // Backoff with 50–150 % jitter: at least 0.2 s, 0.4 s and 0.8 s (a slow machine only adds to them).
            #expect(waits[0] >= .milliseconds(200))
            #expect(waits[1] >= .milliseconds(400))
            #expect(waits[2] >= .milliseconds(800))
            // A completed handshake proves nothing: the count stands until the gateway answers a request.
            #expect(session.consecutiveFailures == 3)
            _ = try await connection.currentTime()
            session.requestSucceeded(on: connection)
            #expect(session.consecutiveFailures == 0)
            // So the next loss starts from the shortest wait again.
            await session.connectionFailed(connection)
            #expect(session.consecutiveFailures == 1)
            connection = try await session.ready()
            #expect(session.connectCount == 5)
            await session.close()
        }
    }
}
