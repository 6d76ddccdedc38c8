import BackfillTestSupport
import Foundation
import Testing

/// Static checks of the deployment files: no Docker engine or cluster runs here, so each file is parsed and checked
/// by a script in Deploy/checks (Python with packages from PyPI, and Debian's promtool), which prints one line per
/// problem and exits 1. Deploy/test.sh installs their tools; a missing tool skips a check locally (exit 77, with a
/// note) and fails it under CI.
@Suite struct DeploymentFilesTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `Deploy/checks/<name>.py` and expects no problem.
    func expectNoProblems(_ name: String) async throws {
        let script = Self.repository.appendingPathComponent("Deploy/checks/\(name).py")
        let result = try await ProcessResult.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", script.path],
            environment: ["PYTHONDONTWRITEBYTECODE": "1"]
        )
        if result.status == 77 && !TestServers.isCI {
            print("note: Deploy/checks/\(name).py skipped: \(result.standardOutput)")
            return
        }
        #expect(result.status == 0, "Deploy/checks/\(name).py:\n\(result.standardOutput)\(result.standardError)")
    }

    /// docker-compose.yml and Deploy/compose/two-gateways.yml, interpolated with an unedited .env.example, validate
    /// against the Compose Specification's schema alone and merged; profiles ib, sim and monitoring; healthchecks;
    /// a worker `--scale` can multiply; secrets only from .env; the simulator answers where workers look for the
    /// gateway; the second worker differs from the first only in its gateway.
    @Test func composeFilesAreSchemaValidScalableSecretFreeAndRunWithAnUneditedEnvExample() async throws {
        try await expectNoProblems("compose")
    }

    /// Multi-stage on the Swift image, a non-root numeric user, every linked C library's runtime package, backfill
    /// as ENTRYPOINT, a HEALTHCHECK running `backfill healthcheck`, and a .dockerignore that keeps secrets and build
    /// folders out while letting in what the Dockerfile copies.
    @Test func dockerfileIsMultiStageNonRootWithRuntimeLibrariesEntrypointAndHealthcheck() async throws {
        try await expectNoProblems("dockerfile")
    }

    /// Deploy/k8s against Kubernetes' JSON schemas (strict, offline), every Secret/ConfigMap key and $(VAR) resolved,
    /// worker probes and scrape annotations, and a KEDA ScaledObject on the queue's backlog list by its real key.
    @Test func kubernetesManifestsMatchTheirSchemasAndKEDAWatchesTheBacklogList() async throws {
        try await expectNoProblems("kubernetes")
    }

    /// The provisioned data source and dashboards: every query uses only the worker's metrics and labels, is on the
    /// provisioned data source's uid, and parses (promtool).
    @Test func grafanaDashboardQueriesUseOnlyWorkerMetricsAndParse() async throws {
        try await expectNoProblems("grafana")
    }

    /// prometheus.yml passes `promtool check config`, the alert rules `check rules` and their unit tests, and the
    /// worker job discovers every replica of the compose service by DNS.
    @Test func prometheusConfigAlertRulesAndTheirTestsPassPromtool() async throws {
        try await expectNoProblems("prometheus")
    }

    /// A fresh CI machine gets every tool the checks need from Deploy/test.sh and Deploy/install-deps.sh.
    @Test func testScriptInstallsEveryToolTheDeploymentChecksNeed() throws {
        let test = try String(contentsOf: Self.repository.appendingPathComponent("Deploy/test.sh"), encoding: .utf8)
        let dependencies = try String(
            contentsOf: Self.repository.appendingPathComponent("Deploy/install-deps.sh"),
            encoding: .utf8
        )
        for package in ["pyyaml", "jsonschema", "check-jsonschema", "kubernetes-validate", "dockerfile-parse"] {
            #expect(test.contains(package), "Deploy/test.sh does not install \(package)")
        }
        #expect(dependencies.contains(" prometheus"), "Deploy/install-deps.sh does not install promtool (prometheus)")
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
