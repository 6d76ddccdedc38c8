import BackfillTestSupport
import Foundation
import Testing

/// `backfill connect` as a user runs it.
@Suite struct ConnectCommandTests {
    @Test func againstTheSimulatorItPrintsVersionAndAccount() async throws {
        try await SimulatorHarness.with { sim in
            let result = try await ProcessResult.run(
                try BuiltProducts.backfill(),
                ["connect", "--port", "\(sim.port)", "--client-id", "3"]
            )
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.contains("server version: 200"))
            #expect(result.standardOutput.contains("accounts: DU1234567"))
            #expect(result.standardOutput.contains("ushmds OK"))
        }
    }

    @Test func againstAClosedPortItExplainsWhatToCheck() async throws {
        let result = try await ProcessResult.run(try BuiltProducts.backfill(), ["connect", "--port", "1"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("Cannot connect to the gateway at 127.0.0.1:1"))
        #expect(result.standardError.contains("4001 live / 4002 paper"))
        #expect(result.standardError.contains("Trusted IPs"))
    }

    @Test func fetchPrintsBarsAsCSV() async throws {
        try await SimulatorHarness.with { sim in
            let result = try await ProcessResult.run(
                try BuiltProducts.backfill(),
                [
                    "fetch", "--port", "\(sim.port)", "--symbol", "AAPL", "--bar", "1h", "--end", "20240105-21:00:00",
                    "--duration", "1 D", "--rth",
                ]
            )
            #expect(result.status == 0, "\(result.standardError)")
            let lines = result.standardOutput.split(separator: "\n")
            #expect(lines.first == "start,open,high,low,close,volume,wap,count")
            #expect(lines.count == 1 + 7)  // 09:30, 10:00 … 15:00: seven hourly bars in a regular session
            #expect(lines.dropFirst().first?.hasPrefix("2024-01-05T14:30:00Z,") == true)
        }
    }
}

/// Issue 17, item 2: `backfill connect` once hung forever after the handshake when the gateway never answered
/// reqCurrentTime, and with a gateway sending one byte a second. Every step now has a timeout.
@Suite struct ConnectTimeoutTests {
    static func connect(
        through behaviour: HostileGateway.Behaviour,
        timeout: Int
    ) async throws -> (Int32?, String, Duration) {
        try await SimulatorHarness.with { sim in
            let hostile = try HostileGateway(upstreamPort: sim.port, behaviour: behaviour)
            defer { hostile.close() }
            let started = ContinuousClock.now
            let process = try RunningProcess(
                try BuiltProducts.backfill(),
                ["connect", "--port", "\(hostile.port)", "--timeout", "\(timeout)"]
            )
            let status = await process.waitForExit(timeout: .seconds(60))
            if status == nil { process.signal(SIGKILL) }
            return (status, process.standardError, ContinuousClock.now - started)
        }
    }

    @Test func aGatewayThatNeverAnswersTheClockTimesOut() async throws {
        // Long enough for the honest handshake to finish on a loaded machine; the clock then never answers.
        let (status, errors, took) = try await Self.connect(through: .swallowRequests(messageID: "49"), timeout: 15)
        #expect(status == 1, "\(errors)")
        #expect(errors.contains("did not answer reqCurrentTime within 15"), "\(errors)")
        #expect(errors.contains("What to check:"))
        #expect(took < .seconds(60))
    }

    @Test func aGatewaySendingOneByteASecondTimesOut() async throws {
        let (status, errors, took) = try await Self.connect(through: .trickle(every: .seconds(1)), timeout: 2)
        #expect(status == 1, "\(errors)")
        #expect(errors.contains("did not complete the API handshake in time"), "\(errors)")
        #expect(took < .seconds(30))
    }

    @Test func aTimeoutThatIsNotANumberOfSecondsIsRefused() async throws {
        for value in ["0", "-1", "nan"] {
            let result = try await ProcessResult.run(try BuiltProducts.backfill(), ["connect", "--timeout=\(value)"])
            #expect(result.status == 64 || result.status == 2, "\(value): \(result.standardError)")
            #expect(result.standardError.contains("timeout"), "\(value): \(result.standardError)")
        }
    }
}
