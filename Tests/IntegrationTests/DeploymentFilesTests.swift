import BackfillTestSupport
import Foundation
import Testing

/// Static checks of the deployment files: no Docker engine runs here, so the compose file is parsed and checked.
@Suite struct DeploymentFilesTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func composeFileEnvExampleAndDockerfileAreConsistent() async throws {
        let result = try await ProcessResult.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", Self.repository.appendingPathComponent("Deploy/check-compose.py").path]
        )
        #expect(result.status == 0, "check-compose.py: \(result.standardOutput)\(result.standardError)")
    }

    @Test func ciRunsTheREADMEsTestCommand() throws {
        let ci = try String(contentsOf: Self.repository.appendingPathComponent(".ci/run"), encoding: .utf8)
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let command = try #require(
            ci.split(separator: "\n").map(String.init).last {
                !$0.hasPrefix("#") && !$0.hasPrefix("set ") && !$0.hasPrefix("cd ") && !$0.isEmpty
            }
        )
        #expect(command == "bash Deploy/test.sh")
        #expect(readme.contains(command))
    }
}
