import BackfillTestSupport
import Foundation
import GatewaySimulator
import TWSClient
import TWSProtocol
import Testing

/// Nautilus Trader's Interactive Brokers adapter (1.231, its own ibapi) loads instruments, bars and ticks from the
/// simulator for a stock, an FX pair, a future, an expired future, a continuous future and an index, and gets what
/// our client gets: every request it sent is replayed with our client and the answers compared.
///
/// Nautilus needs Python ≥ 3.12 and pins its own ibapi, so it lives in its own virtual environment, made by
/// Deploy/test.sh, which passes its interpreter in `BACKFILL_NAUTILUS_PYTHON`. Locally the suite is skipped when
/// that is unset; under CI it is required.
@Suite(.enabled(if: NautilusPython.path != nil || TestServers.isCI, "BACKFILL_NAUTILUS_PYTHON not set"))
struct NautilusInteropTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/nautilus_client.py")
    static let clientID = 7

    /// The instrument kind Nautilus must make of each case, as its instrument provider names them.
    static let expectedTypes = [
        "stock": "Equity", "fx": "CurrencyPair", "future": "FuturesContract", "expired_future": "FuturesContract",
        "continuous_future": "FuturesContract", "index": "IndexInstrument",
    ]

    @Test func nautilusGetsTheInstrumentsBarsAndTicksOurClientGets() async throws {
        let python = try #require(NautilusPython.path, "BACKFILL_NAUTILUS_PYTHON must name the Nautilus venv's python")
        // IB's pacing at a thousandth of its windows: our replay repeats each of Nautilus's requests at once, which
        // IB's identical-request rule would refuse for 15 s.
        var pacing = PacingConfiguration()
        pacing.scale = 0.001
        try await SimulatorHarness.with(pacing: pacing) { sim in
            let result = try await ProcessResult.run(
                URL(fileURLWithPath: python),
                [Self.script.path, "--port", "\(sim.port)", "--client-id", "\(Self.clientID)"]
            )
            try #require(result.status == 0, "nautilus: \(result.standardError.suffix(2_000))")
            let output = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
            let cases = try #require(output?["cases"] as? [String: [String: Any]])
            #expect(Set(cases.keys) == Set(Self.expectedTypes.keys))

            let ours = try await NautilusReplay.answers(
                to: AuditedRequest.all(in: sim.server.auditLines, clientID: Self.clientID),
                on: try await sim.connect(clientID: Self.clientID + 1)
            )
            for (name, nautilus) in cases.sorted(by: { $0.key < $1.key }) {
                #expect((nautilus["errors"] as? [String] ?? []).isEmpty, "\(name): \(nautilus["errors"] ?? "")")
                let instrument = try #require(nautilus["instrument"] as? [String: Any], "\(name): no instrument")
                #expect(instrument["type"] as? String == Self.expectedTypes[name], "\(name)")
                let conId = try #require(instrument["conId"] as? Int, "\(name): no conId")
                let details = try #require(ours.details[conId], "\(name): our client got no details for \(conId)")
                NautilusComparison.instrument(instrument, equals: details, name)
                NautilusComparison.bars(nautilus["bars"], equal: ours.bars[conId] ?? [], name)
                if let window = nautilus["ticks_window"] as? [Int] {
                    NautilusComparison.ticks(nautilus["ticks"], equal: ours.ticks[conId] ?? [], within: window, name)
                }
            }
            // Not vacuous: the liquid cases really carried data.
            for name in ["stock", "fx", "future", "expired_future", "continuous_future", "index"] {
                let bars = cases[name]?["bars"] as? [Any] ?? []
                #expect(bars.count > 0, "\(name): no bars")
            }
            for name in ["stock", "fx", "future", "expired_future"] {
                let ticks = cases[name]?["ticks"] as? [Any] ?? []
                #expect(ticks.count > 0, "\(name): no ticks")
            }
            #expect(ours.refusals.isEmpty, "our client was refused what Nautilus got: \(ours.refusals)")
        }
    }
}
