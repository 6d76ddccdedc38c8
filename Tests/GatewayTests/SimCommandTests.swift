import BackfillTestSupport
import Foundation
import Testing

/// `backfill sim` as a process: it prints its port, audits to a file, and prints a summary on SIGUSR1 and on exit.
@Suite struct SimCommandTests {
    @Test func servesAuditsAndSummarises() async throws {
        let audit = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sim-audit-\(UUID().uuidString).jsonl"
        )
        defer { try? FileManager.default.removeItem(at: audit) }
        let backfill = try BuiltProducts.backfill()
        let sim = try RunningProcess(backfill, ["sim", "--port", "0", "--pacing-scale", "0.01", "--audit", audit.path])
        #expect(await sim.waitFor("Simulator listening on 127.0.0.1:"))
        let line = sim.standardOutput.split(separator: "\n").first { $0.contains("listening") } ?? ""
        let port = try #require(line.split(separator: ":").dropFirst().first.flatMap { Int($0.prefix { $0.isNumber }) })

        let connect = try await ProcessResult.run(backfill, ["connect", "--port", "\(port)", "--client-id", "4"])
        #expect(connect.status == 0, "\(connect.standardError)")

        sim.signal(SIGUSR1)
        #expect(await sim.waitFor("reqCurrentTime", inStandardError: true))
        sim.signal(SIGTERM)
        #expect(await sim.waitForExit() == 0)

        let lines = try String(contentsOf: audit, encoding: .utf8).split(separator: "\n")
        let events = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(events.count == lines.count)
        #expect(events.contains { $0["event"] as? String == "connect" && $0["clientId"] as? Int == 4 })
        #expect(events.contains { $0["message"] as? String == "reqCurrentTime" })
    }

    @Test func badFlagsExitTwoWithOneSentence() async throws {
        let result = try await ProcessResult.run(try BuiltProducts.backfill(), ["sim", "--fault", "explode=1"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("Unknown fault 'explode=1'"))
    }
}
