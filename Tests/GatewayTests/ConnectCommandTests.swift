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
