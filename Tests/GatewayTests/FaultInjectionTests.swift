import GatewaySimulator
import TWSClient
import TWSProtocol
import Testing

/// The client survives every fault the simulator injects, with typed errors.
@Suite struct FaultInjectionTests {
    static func request(_ client: TWSConnection) async throws -> HistoricalBars {
        try await client.historicalBars(
            contract: SimulatorHarness.aapl,
            endDateTime: "20240105-21:00:00",
            duration: "1 D",
            barSize: "1 min",
            useRTH: true
        )
    }

    @Test func garbageFramesEndTheConnectionWithAProtocolError() async throws {
        var faults = SimulatorFaults()
        faults.garbageEveryNthReply = 1
        try await SimulatorHarness.with(faults: faults) { sim in
            let client = try await sim.connect(clientID: 1)
            await #expect {
                _ = try await Self.request(client)
            } throws: { error in
                (error as? TWSClientError)?.code == .protocolViolation
                    && (error as? TWSClientError)?.classification == .connection
            }
            #expect(client.closedError != nil)
        }
    }

    @Test func truncatedFramesEndTheConnection() async throws {
        var faults = SimulatorFaults()
        faults.truncateEveryNthReply = 1
        try await SimulatorHarness.with(faults: faults) { sim in
            let client = try await sim.connect(clientID: 2)
            await #expect {
                _ = try await Self.request(client)
            } throws: { error in
                (error as? TWSClientError)?.code == .connectionLost
            }
        }
    }

    @Test func droppedConnectionsFailTheHandshakeClearly() async throws {
        var faults = SimulatorFaults()
        faults.dropEveryNthConnection = 2
        try await SimulatorHarness.with(faults: faults) { sim in
            let first = try await sim.connect(clientID: 3)
            await #expect {
                _ = try await sim.connect(clientID: 4)
            } throws: { error in
                (error as? TWSClientError)?.code == .connectionLost
            }
            let third = try await sim.connect(clientID: 4)
            await first.close()
            await third.close()
        }
    }

    @Test func aGatewayRestartDropsClientsWhoCanReconnect() async throws {
        try await SimulatorHarness.with(port: SimulatorHarness.fixedPort()) { sim in
            let client = try await sim.connect(clientID: 5)
            await sim.server.closeForRestart()
            let event = await SimulatorHarness.firstEvent(of: client) { event in
                if case .disconnected = event { return true }
                return false
            }
            guard case .disconnected(let error)? = event else {
                Issue.record("no disconnection")
                return
            }
            #expect(error.code == .connectionLost && error.classification == .connection)
            // While the port is closed, connecting fails; afterwards it works again.
            await #expect(throws: TWSClientError.self) { _ = try await sim.connect(clientID: 5) }
            await sim.server.reopenAfterRestart()
            let again = try await sim.connect(clientID: 5)
            #expect(try await Self.request(again).bars.count == 390)
            await again.close()
        }
    }

    @Test func farmOutagePausesHistoricalRequests() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 6)
            _ = try await client.currentTime()  // the startup notices, 2106 among them, have arrived
            sim.server.setHistoricalFarm(available: false)
            #expect(await SimulatorHarness.firstEvent(of: client, where: SimulatorHarness.notice(2105)) != nil)
            #expect(!client.farmStatus.historicalRequestsAllowed)
            await #expect {
                _ = try await Self.request(client)
            } throws: { error in
                (error as? TWSClientError)?.ibError?.code == 165
                    && (error as? TWSClientError)?.classification == .transient
            }
            sim.server.setHistoricalFarm(available: true)
            #expect(await SimulatorHarness.firstEvent(of: client, where: SimulatorHarness.notice(2106)) != nil)
            #expect(client.farmStatus.historicalRequestsAllowed)
            #expect(try await Self.request(client).bars.count == 390)
            await client.close()
        }
    }

    @Test func ibConnectivityLossFailsInFlightRequests() async throws {
        // A long latency, so that even a starved machine cannot answer the request before IB goes away.
        try await SimulatorHarness.with(latency: .seconds(60)) { sim in
            let client = try await sim.connect(clientID: 7)
            let inFlight = Task { try await Self.request(client) }
            #expect(await sim.waitForAudit("\"reqHistoricalData\""))
            let loss = Task { await sim.server.simulateIBDisconnect(for: .milliseconds(300)) }
            await #expect {
                _ = try await inFlight.value
            } throws: { error in
                // 1100 for a request already open; 165 if the loss came while the gateway was still taking it in
                // (the audit records a request before judging it).
                let error = error as? TWSClientError
                return (error?.code == .connectionLost && error?.ibError?.code == 1100) || error?.ibError?.code == 165
            }
            #expect(await SimulatorHarness.firstEvent(of: client, where: SimulatorHarness.notice(1102)) != nil)
            await loss.value
            #expect(client.farmStatus.ibConnectivity)
            await client.close()
        }
    }

    @Test func anInjectedErrorForASymbol() async throws {
        let faults = try SimulatorFaults(specs: ["error=162:TSLA"])
        try await SimulatorHarness.with(faults: faults) { sim in
            let client = try await sim.connect(clientID: 8)
            let tesla = Contract(symbol: "TSLA", secType: .stock, exchange: "SMART", currency: "USD")
            await #expect {
                _ = try await client.historicalBars(
                    contract: tesla,
                    endDateTime: "20240105-21:00:00",
                    duration: "1 D",
                    barSize: "1 min",
                    useRTH: true
                )
            } throws: { error in
                (error as? TWSClientError)?.classification == .permanent
            }
            #expect(try await Self.request(client).bars.count == 390)
            await client.close()
        }
    }

    @Test(arguments: ["drop-every=0", "restart-after=soon", "error=XYZ", "error=200:", "bogus=1"])
    func badFaultSpecsAreRefused(spec: String) {
        #expect(throws: SimulatorFaultError.self) { try SimulatorFaults(specs: [spec]) }
    }
}
