import BackfillTestSupport
import Foundation
import GatewaySimulator
import TWSClient
import TWSProtocol
import Testing

/// IB's official Python client and ib_async speak to the simulator and get the bars our client gets.
///
/// Needs `python3` with `ibapi-stable` and `ib_async` (Deploy/test.sh installs them). Locally they are skipped
/// when missing; under CI they are required.
@Suite(.enabled(if: PythonClients.available || TestServers.isCI, "ibapi/ib_async not installed"))
struct OfficialClientInteropTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/official_clients.py")

    static func run(_ client: String, port: Int, clientID: Int) async throws -> [String: Any] {
        let result = try await ProcessResult.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", script.path, client, "--port", "\(port)", "--client-id", "\(clientID)"]
        )
        #expect(result.status == 0, "\(client): \(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        return try #require(object as? [String: Any])
    }

    /// Our bars as numbers, to compare with what Python clients parsed.
    static func numeric(_ bars: [Bar]) -> [[Double]] {
        bars.map {
            [
                Double($0.date)!, Double($0.open)!, Double($0.high)!, Double($0.low)!, Double($0.close)!,
                Double($0.volume)!, Double($0.wap)!, Double($0.count),
            ]
        }
    }

    static func numeric(_ rows: Any?) -> [[Double]] {
        (rows as? [[Any]] ?? []).map { row in
            row.map { value in
                if let number = value as? NSNumber { return number.doubleValue }
                return Double("\(value)") ?? .nan
            }
        }
    }

    @Test func officialClientAndIbAsyncGetTheSameBarsAsOurs() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 1)
            let ours = try await client.historicalBars(
                contract: SimulatorHarness.aapl,
                endDateTime: "20240105-21:00:00",
                duration: "1 W",
                barSize: "1 min",
                useRTH: true
            ).bars
            #expect(ours.count == 4 * 390)

            let official = try await Self.run("ibapi", port: sim.port, clientID: 2)
            #expect(official["serverVersion"] as? Int == 200)
            // The official client keeps volume and WAP as Decimal text: they must be exactly ours.
            let officialRows = official["bars"] as? [[Any]] ?? []
            #expect(officialRows.map { "\($0[5])" } == ours.map(\.volume))
            #expect(Self.numeric(official["bars"]) == Self.numeric(ours))

            let ibAsync = try await Self.run("ib_async", port: sim.port, clientID: 3)
            #expect(ibAsync["serverVersion"] as? Int == 178)
            #expect(Self.numeric(ibAsync["bars"]) == Self.numeric(ours))
            await client.close()
        }
    }

    @Test func theOfficialClientGets326ForAClientIDInUse() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 7)
            let result = try await Self.run("ibapi-connect", port: sim.port, clientID: 7)
            #expect((result["errors"] as? [Int] ?? []).contains(326))
            #expect(result["ready"] as? Bool == false)
            #expect(try await client.currentTime() > 0)
            await client.close()
        }
    }
}
