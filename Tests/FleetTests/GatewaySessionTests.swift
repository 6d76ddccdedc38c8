import Fleet
import Foundation
import GatewaySimulator
import Logging
import Synchronization
import TWSClient
import Testing

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
            let outsider = try await TWSConnection.connect(
                configuration: TWSClientConfiguration(port: port, clientID: 1)
            )
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
