import GatewaySimulator
import Synchronization
import TWSClient
import TWSProtocol
import Testing

/// The send gate that lets the pacer record when a request really left: the outcome is reported once, before the
/// answer, and a request whose deadline has passed is never written.
@Suite struct SendGateTests {
    /// Outcomes in the order they were reported.
    final class Reports: Sendable {
        private let state = Mutex<[SendGate.Outcome]>([])
        func add(_ outcome: SendGate.Outcome) { state.withLock { $0.append(outcome) } }
        var all: [SendGate.Outcome] { state.withLock { $0 } }
    }

    static func request(
        _ client: TWSConnection,
        gate: SendGate,
        timeout: Duration? = nil
    ) async throws -> HistoricalBars {
        try await client.historicalBars(
            contract: SimulatorHarness.aapl,
            endDateTime: "20240105-21:00:00",
            duration: "1 D",
            barSize: "1 min",
            useRTH: true,
            timeout: timeout,
            gate: gate
        )
    }

    @Test func aWrittenRequestIsReportedOnceBeforeItsAnswer() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 40)
            let reports = Reports()
            let answer = try await Self.request(
                client,
                gate: SendGate(deadline: .now + .seconds(30)) { reports.add($0) }
            )
            #expect(answer.bars.count == 390)
            #expect(reports.all == [.written])
            await client.close()
        }
    }

    @Test func aRequestPastItsDeadlineIsNeverWritten() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 41)
            let reports = Reports()
            await #expect {
                _ = try await Self.request(
                    client,
                    gate: SendGate(deadline: .now - .milliseconds(1)) { reports.add($0) }
                )
            } throws: { error in
                (error as? TWSClientError)?.code == .notSent
            }
            #expect(reports.all == [.notSent])
            // The connection is unharmed, and the gateway never heard of the request, not even as a cancel.
            _ = try await client.currentTime()
            #expect(await sim.waitForAudit("\"reqCurrentTime\""))
            #expect(!sim.server.auditLines.contains { $0.contains("HistoricalData") })
            await client.close()
        }
    }

    @Test func aRequestOnAClosedConnectionIsReportedUnsent() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 42)
            await client.close()
            let reports = Reports()
            await #expect(throws: TWSClientError.self) {
                _ = try await Self.request(client, gate: SendGate(deadline: .now + .seconds(30)) { reports.add($0) })
            }
            #expect(reports.all == [.notSent])
        }
    }

    @Test func aTimedOutRequestWasStillWritten() async throws {
        try await SimulatorHarness.with(latency: .seconds(10)) { sim in
            let client = try await sim.connect(clientID: 43)
            let reports = Reports()
            await #expect {
                _ = try await Self.request(
                    client,
                    gate: SendGate(deadline: .now + .seconds(30)) { reports.add($0) },
                    timeout: .milliseconds(300)
                )
            } throws: { error in
                (error as? TWSClientError)?.code == .requestTimedOut
            }
            // IB counted it: the pacer must keep it in its windows.
            #expect(reports.all == [.written])
            await client.close()
        }
    }
}
