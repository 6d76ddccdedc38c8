import BackfillTestSupport
import Foundation
import Testing

/// The `backfill` executable as a user runs it.
@Suite struct CommandLineTests {
    @Test func helpListsTheSubcommands() async throws {
        let result = try await ProcessResult.run(try BuiltProducts.backfill(), ["--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("migrate"))
        #expect(result.standardOutput.contains("config"))
    }

    /// `backfill worker` hands over to `backfill-worker` beside it (the usage then names that executable); a
    /// `backfill` with no `backfill-worker` beside it runs the worker itself. Either way bad input is one sentence
    /// and status 2.
    @Test func workerHandsOverToBackfillWorkerBesideItAndRunsItselfWithoutIt() async throws {
        let backfill = try BuiltProducts.backfill()
        let handedOver = try await ProcessResult.run(backfill, ["worker", "--help"])
        #expect(handedOver.status == 0)
        #expect(handedOver.standardOutput.contains("USAGE: backfill-worker "), "\(handedOver.standardOutput)")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backfill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let alone = directory.appendingPathComponent("backfill")
        try FileManager.default.copyItem(at: backfill, to: alone)
        let inProcess = try await ProcessResult.run(alone, ["worker", "--help"])
        #expect(inProcess.status == 0)
        #expect(inProcess.standardOutput.contains("USAGE: backfill worker "), "\(inProcess.standardOutput)")
        #expect(!inProcess.standardOutput.contains("backfill-worker"))

        for executable in [backfill, alone] {
            let refused = try await ProcessResult.run(executable, ["worker", "--concurrency", "0"])
            #expect(refused.status == 2)
            #expect(refused.standardError == "backfill: --concurrency must be from 1 to 64.\n")
        }
    }

    @Test func migrateAgainstAnUnreachableDatabaseFailsWithOneSentenceAndNoPassword() async throws {
        let result = try await ProcessResult.run(
            try BuiltProducts.backfill(),
            ["migrate"],
            environment: ["DATABASE_URL": "postgresql://backfill:hunter2-secret@127.0.0.1:1/backfill"]
        )
        #expect(result.status != 0)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(result.standardError)")
        #expect(result.standardError.contains("Cannot connect to PostgreSQL"))
        #expect(!(result.standardError + result.standardOutput).contains("hunter2-secret"))
    }

    @Test func aMalformedSettingExitsTwoAndNamesIt() async throws {
        let result = try await ProcessResult.run(
            try BuiltProducts.backfill(),
            ["migrate", "--database-url", "mysql://root:hunter2-secret@db/x"]
        )
        #expect(result.status == 2)
        #expect(result.standardError.contains("DATABASE_URL"))
        #expect(!result.standardError.contains("hunter2-secret"))
    }

    @Test func settingsComeFromFlagsThenEnvironmentThenDotEnv() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backfill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        IBKR_HOST=from-dotenv
        IBKR_PORT=1111
        IBKR_CLIENT_ID_POOL=3-4
        DATABASE_URL=postgresql://u:dotenv-secret@db/x
        """.write(to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        let result = try await ProcessResult.run(
            try BuiltProducts.backfill(),
            ["config", "--ib-port", "2222"],
            environment: ["IBKR_HOST": "from-env"],
            removingEnvironment: ["IBKR_PORT", "IBKR_CLIENT_ID_POOL", "DATABASE_URL"],
            currentDirectory: directory
        )
        let text = result.standardOutput
        #expect(result.status == 0)
        #expect(text.contains("IBKR_HOST=from-env"))
        #expect(text.contains("IBKR_PORT=2222"))
        #expect(text.contains("IBKR_CLIENT_ID_POOL=3-4"))
        #expect(text.contains("DATABASE_URL=postgresql://u:***@db/x"))
        #expect(!text.contains("dotenv-secret"))
    }
}
