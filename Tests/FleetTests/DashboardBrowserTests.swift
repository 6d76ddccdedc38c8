import BackfillTestSupport
import Foundation
import PQKit
import Testing

/// Debian's Chromium and its driver, which the dashboard's browser test needs (Deploy/install-deps.sh installs them).
enum BrowserTools {
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
    }
}

extension FleetProcessTests {
    /// The web dashboard (issue 15) in Debian's headless Chromium, driven by selenium, against a live fleet on the
    /// simulator. Screenshots of every page land in `.run/test-output/dashboard/`.
    @Suite(
        .serialized,
        .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set"),
        .enabled(if: BrowserTools.available || TestServers.isCI, "chromium or chromedriver missing")
    )
    struct DashboardBrowserTests {
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        static let script = repository.appendingPathComponent("Tests/Browser/dashboard_browser.py").path
        static let screenshots = repository.appendingPathComponent(".run/test-output/dashboard")
        static let token = "test-dashboard-token-\(UUID().uuidString)"

        /// Runs one phase of the selenium script and returns its JSON.
        static func browser(_ arguments: [String]) async throws -> [String: Any] {
            let result = try await ProcessResult.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                ["python3", script] + arguments
            )
            guard result.status == 0,
                let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
            else {
                throw TestSetupError(
                    "dashboard_browser.py \(arguments.first ?? "") failed: \(result.standardError.suffix(2000))"
                )
            }
            return object
        }

        static func deadChunk(_ harness: FleetHarness) async throws -> (id: String, state: String)? {
            try await harness.database { database in
                guard
                    let row = try await database.query(
                        """
                        SELECT c.id, c.state FROM chunks c JOIN instruments i ON i.id = c.instrument_id
                        WHERE i.symbol = 'ZZZQ'
                        """
                    ).singleRow()
                else { return nil }
                return (try row.decode(String.self, "id"), try row.decode(String.self, "state"))
            }
        }

        @Test func theDashboardIsLiveSafeAndItsRetryButtonWorks() async throws {
            try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
            try await FleetHarness.with { harness in
                harness.settings = TickFleetTests.settings.merging(["BACKFILL_PACING_SCALE": "0.05"]) { $1 }
                try await harness.startSimulator(["--pacing-scale", "0.05"])
                // A week of 1-second bars for three symbols (about 200 requests, which IB's 10-minute window paces),
                // named with markup a user could type.
                let now = Date().timeIntervalSince1970
                try await harness.run(
                    [
                        "enqueue", "--symbols", "AAPL,MSFT,NVDA", "--from", FleetHarness.day(now - 9 * 86_400), "--to",
                        FleetHarness.day(now - 2 * 86_400), "--bar", "1s", "--name",
                        "<script>window.__pwned=1</script> demo", "--no-head-timestamps",
                    ]
                )
                try await harness.run(
                    [
                        "enqueue", "--symbols", "ZZZQ", "--from", "2024-03-12", "--to", "2024-03-12", "--bar", "1min",
                        "--priority", "5",
                    ]
                )
                for _ in 0..<3 { try harness.startWorker(["--concurrency", "2"]) }
                let (_, url) = try await harness.startDashboard(
                    ["--interval", "1"],
                    environment: ["BACKFILL_DASHBOARD_TOKEN": Self.token]
                )

                // Live: the overview's numbers move without a reload; the pacer gauge never passes 60.
                let live = try await Self.browser(["live", url, Self.screenshots.path])
                #expect(live["changed"] as? Bool == true, "\(live)")
                #expect(live["noReload"] as? Bool == true)
                #expect((live["first"] as? String)?.isEmpty == false)
                let workers = live["workers"] as? String ?? ""
                #expect(workers.contains("127.0.0.1:\(harness.simulatorPort)"), "each worker's gateway: \(workers)")
                let samples = live["gauges"] as? [[String: Any]] ?? []
                let windowValues = samples.compactMap { ($0["values"] as? [Int])?.first }
                #expect(!windowValues.isEmpty && windowValues.allSatisfy { $0 <= 60 }, "\(samples)")
                #expect(
                    samples.compactMap { ($0["titles"] as? [String])?.first }.allSatisfy { $0.hasSuffix("of 60") },
                    "\(samples)"
                )
                for name in ["overview", "pacer", "dead", "follows", "login", "backfill"] {
                    #expect(
                        FileManager.default.fileExists(
                            atPath: Self.screenshots.appendingPathComponent("\(name).png").path
                        ),
                        "no screenshot of \(name)"
                    )
                }

                // ZZZQ is unknown to IB: dead at once with 200. A hostile gateway's text holds a script.
                let deadline = ContinuousClock.now + .seconds(60)
                while try await Self.deadChunk(harness)?.state != "dead", ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(300))
                }
                let dead = try #require(try await Self.deadChunk(harness))
                #expect(dead.state == "dead")
                try await harness.database { database in
                    // The workers write chunk rows all the while: should PostgreSQL pick this statement to break a
                    // deadlock, run it again.
                    for attempt in 1...5 {
                        do {
                            try await database.query(
                                """
                                UPDATE chunks SET last_error_text = last_error_text || ' <script>window.__pwned=1</script>'
                                WHERE id = $1
                                """,
                                [dead.id]
                            )
                            break
                        } catch let error as PostgresError where error.sqlState == "40P01" && attempt < 5 {
                            try await Task.sleep(for: .milliseconds(200))
                        }
                    }
                }
                try await Task.sleep(for: .seconds(2))
                let page = try await Self.browser(["dead", url, Self.screenshots.path])
                let rows = page["rows"] as? [[String]] ?? []
                let row = rows.first { $0.contains("ZZZQ") } ?? []
                #expect(row.contains("200"), "\(rows)")
                #expect(row.contains { $0.contains("No security definition has been found") }, "\(rows)")
                #expect(
                    row.contains { $0.contains("<script>window.__pwned=1</script>") },
                    "the script is shown as text"
                )
                #expect(page["scriptRan"] as? Bool == false)
                #expect((page["backfills"] as? String)?.contains("<script>window.__pwned=1</script> demo") == true)

                // Without the login, or without the page's CSRF token, a POST is refused and changes nothing.
                let refused = try await Self.browser(["forbidden", url, Self.token])
                for key in ["anonymousRetry", "anonymousWithMadeUpToken", "loggedInWithoutCsrf", "loggedInWrongCsrf"] {
                    #expect(refused[key] as? Int == 403, "\(key): \(refused)")
                }
                let cookie = (refused["cookie"] as? [[String: Any]])?.first
                #expect(
                    cookie?["httpOnly"] as? Bool == true && cookie?["sameSite"] as? String == "Strict",
                    "\(refused)"
                )
                #expect(try await Self.deadChunk(harness)?.state == "dead")

                // IB learns the symbol; the Retry button, clicked in the browser after logging in, finishes it.
                await harness.stopSimulator()
                try await harness.startSimulator(["--pacing-scale", "0.05", "--add-symbol", "ZZZQ"])
                let retried = try await Self.browser(["retry", url, Self.token, dead.id])
                #expect(retried["clicked"] as? Bool == true, "\(retried)")
                let finished = ContinuousClock.now + .seconds(90)
                while try await Self.deadChunk(harness)?.state != "done", ContinuousClock.now < finished {
                    try await Task.sleep(for: .milliseconds(300))
                }
                #expect(try await Self.deadChunk(harness)?.state == "done")

                // The JSON API's status is `status --json` (the time and the rates aside).
                let api = try await ProcessResult.run(
                    URL(fileURLWithPath: "/usr/bin/env"),
                    [
                        "python3", "-c",
                        "import urllib.request,sys; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())",
                        url + "/api/status",
                    ]
                )
                let fromAPI = try #require(
                    try JSONSerialization.jsonObject(with: Data(api.standardOutput.utf8)) as? [String: Any]
                )
                let fromCLI = try #require(
                    try JSONSerialization.jsonObject(
                        with: Data(try await harness.run(["status", "--json"]).standardOutput.utf8)
                    )
                        as? [String: Any]
                )
                #expect(Set(fromAPI.keys) == Set(fromCLI.keys))
                let ids = { (object: [String: Any]) in
                    ((object["backfills"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }.sorted()
                }
                #expect(ids(fromAPI) == ids(fromCLI) && ids(fromAPI).count == 2)
            }
        }

        /// Bound beyond loopback, the dashboard refuses to start without a token, and with one every page, stream
        /// and API answer only after the login.
        @Test func beyondLoopbackEveryPageNeedsTheLogin() async throws {
            try await FleetHarness.with { harness in
                let refused = try await ProcessResult.run(
                    harness.backfill,
                    ["dashboard", "--host", "0.0.0.0", "--port", "0"],
                    environment: harness.environment,
                    removingEnvironment: ["BACKFILL_DASHBOARD_TOKEN"]
                )
                #expect(refused.status == 2, "\(refused.standardError)")
                #expect(refused.standardError.contains("BACKFILL_DASHBOARD_TOKEN"))

                let (_, url) = try await harness.startDashboard(
                    ["--host", "0.0.0.0"],
                    environment: ["BACKFILL_DASHBOARD_TOKEN": Self.token]
                )
                let local = url.replacingOccurrences(of: "0.0.0.0", with: "127.0.0.1")
                let probe = """
                    import json, sys, urllib.error, urllib.parse, urllib.request
                    from http.cookiejar import CookieJar
                    class Keep(urllib.request.HTTPRedirectHandler):
                        def redirect_request(self, *args, **kwargs): return None
                    def status(opener, path, data=None):
                        try:
                            with opener.open(sys.argv[1] + path, data=data) as response: return response.status
                        except urllib.error.HTTPError as error: return error.code
                    anonymous = urllib.request.build_opener(Keep())
                    jar = CookieJar()
                    member = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), Keep())
                    result = {path: status(anonymous, path) for path in ["/", "/pacer", "/dead", "/api/status", "/events?page=overview"]}
                    result["login"] = status(member, "/login", urllib.parse.urlencode({"token": sys.argv[2]}).encode())
                    result["afterLogin"] = status(member, "/api/status")
                    print(json.dumps(result))
                    """
                let result = try await ProcessResult.run(
                    URL(fileURLWithPath: "/usr/bin/env"),
                    ["python3", "-c", probe, local, Self.token]
                )
                let codes = try #require(
                    try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Int],
                    "\(result.standardError)"
                )
                for page in ["/", "/pacer", "/dead"] { #expect(codes[page] == 303, "\(page): \(codes)") }
                #expect(codes["/api/status"] == 403 && codes["/events?page=overview"] == 403, "\(codes)")
                #expect(codes["login"] == 303 && codes["afterLogin"] == 200, "\(codes)")
            }
        }
    }
}
