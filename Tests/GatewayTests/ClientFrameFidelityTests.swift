import BackfillTestSupport
import Foundation
import GatewaySimulator
import TWSClient
import TWSProtocol
import Testing

/// Our client's frames equal those of IB's official client (ibapi 10.50) for every request type we send, field for
/// field: both send the same plan to a simulator that records every frame (issue 12, item 3).
@Suite(.enabled(if: PythonClients.available || TestServers.isCI, "ibapi not installed"))
struct ClientFrameFidelityTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/ibapi_requests.py")
    static let clientID = 11

    /// Contracts as the product builds them from what users type.
    static func contract(_ text: String, includeExpired: Bool = false) throws -> Contract {
        var contract = try ContractSymbol.parse(text)
        contract.includeExpired = includeExpired
        return contract
    }

    static func plan() throws -> [FrameStep] {
        let stock = try contract("AAPL")
        let fx = try contract("EUR/USD.IDEALPRO")
        let future = try contract("ESZ6.CME")
        let expired = try contract("ESU6.CME", includeExpired: true)
        let continuous = try contract("ES.CME")
        let index = try contract("^SPX.CBOE")
        var steps: [FrameStep] = []
        for what in ["TRADES", "MIDPOINT", "BID", "ASK", "BID_ASK", "ADJUSTED_LAST"] {
            steps.append(.bars(stock, what, useRTH: true, barSize: what == "ADJUSTED_LAST" ? "1 day" : "1 min"))
        }
        steps.append(.bars(stock, "TRADES", useRTH: false, barSize: "5 secs"))
        for what in ["MIDPOINT", "BID", "ASK", "BID_ASK"] { steps.append(.bars(fx, what, useRTH: false)) }
        steps += [
            .bars(future, "TRADES", useRTH: true), .bars(expired, "TRADES", useRTH: false),
            .bars(continuous, "TRADES", useRTH: false, barSize: "1 hour"), .bars(index, "TRADES", useRTH: true),
        ]
        var cancelled = FrameStep.bars(stock, "TRADES", useRTH: false, barSize: "30 secs")
        cancelled.operation = .cancelBars
        steps.append(cancelled)
        for (contract, what) in [(stock, "TRADES"), (fx, "MIDPOINT"), (future, "TRADES")] {
            steps.append(
                FrameStep(operation: .head, contract: contract, parameters: ["whatToShow": what, "useRTH": "1"])
            )
        }
        for (what, start, end) in [
            ("TRADES", "20261124 15:00:00 UTC", ""), ("BID_ASK", "", "20261124 15:00:00 UTC"),
            ("MIDPOINT", "20261124 15:00:00 UTC", ""),
        ] {
            steps.append(
                FrameStep(
                    operation: .ticks,
                    contract: what == "TRADES" ? stock : fx,
                    parameters: [
                        "startDateTime": start, "endDateTime": end, "numberOfTicks": "1000", "whatToShow": what,
                        "useRTH": "0",
                    ]
                )
            )
        }
        for contract in [stock, fx, future, expired, continuous, index] {
            steps.append(FrameStep(operation: .details, contract: contract))
        }
        steps.append(FrameStep(operation: .time))
        return steps
    }

    @Test func ourFramesEqualTheOfficialClientsFieldForField() async throws {
        let plan = try Self.plan()
        let planFile = FileManager.default.temporaryDirectory.appendingPathComponent("frame-plan-\(UUID()).json")
        try JSONSerialization.data(withJSONObject: plan.map(\.json)).write(to: planFile)
        defer { try? FileManager.default.removeItem(at: planFile) }
        // Answers come after 0.6 s, so both clients' cancels reach the gateway while the request is in flight.
        var pacing = PacingConfiguration()
        pacing.scale = 0.001
        try await SimulatorHarness.with(latency: .milliseconds(600), pacing: pacing, recordingFrames: true) { sim in
            let official = try await ProcessResult.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                [
                    "python3", Self.script.path, "--port", "\(sim.port)", "--client-id", "\(Self.clientID)",
                    "--plan", planFile.path,
                ]
            )
            try #require(official.status == 0, "ibapi: \(official.standardError.suffix(2_000))")
            let answered = try JSONSerialization.jsonObject(with: Data(official.standardOutput.utf8)) as? [String: Any]
            #expect((answered?["answered"] as? [Bool])?.allSatisfy { $0 } == true, "ibapi: \(answered ?? [:])")
            // The same client id afterwards, so that startApi can be compared as it is.
            try await Task.sleep(for: .milliseconds(300))
            let client = try await sim.connect(clientID: Self.clientID)
            for step in plan { await step.send(on: client) }
            try await Task.sleep(for: .milliseconds(300))
            await client.close()

            let sessions = Dictionary(grouping: sim.server.recordedFrames, by: \.session)
            try #require(sessions.count == 2, "expected two connections, saw \(sessions.count)")
            let ordered = sessions.keys.sorted()
            let theirs = sessions[ordered[0]]!.map(\.fields)
            let ours = sessions[ordered[1]]!.map(\.fields)
            FrameComparison.compare(ours: ours, official: theirs)
        }
    }
}
