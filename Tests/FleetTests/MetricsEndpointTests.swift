import BackfillTestSupport
import Foundation
import PQKit
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension FleetProcessTests {
    /// Issue 6's acceptance: a running worker's `/metrics` during a real run passes `promtool check metrics`, shows the
    /// queue draining, and agrees with PostgreSQL at the end; `/healthz` reports the connection.
    @Suite(
        .serialized,
        .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
    )
    struct MetricsEndpointTests {
        @Test func aWorkersMetricsPassPromtoolAndFollowTheQueue() async throws {
            let promtool = try #require(Self.promtool(), "promtool is not installed (Debian's prometheus package)")
            try await FleetHarness.with { harness in
                harness.settings = FleetProcessTests.EndToEndTests.fastSettings
                try await harness.startSimulator(["--pacing-scale", "0.02"])
                let now = Date().timeIntervalSince1970
                try await harness.run(
                    ["enqueue", "--symbols", "AAPL,ZZZQ", "--from", "2024-01-01", "--to", "2024-12-31", "--bar", "1h"]
                )
                try await harness.run(
                    [
                        "enqueue", "--symbols", "AAPL", "--from", FleetHarness.day(now - 20 * 86_400), "--to",
                        FleetHarness.day(now - 5 * 86_400), "--bar", "5s",
                    ]
                )
                // A port that was free a moment ago (the kernel hands out ephemeral ports in turn, so no other test
                // takes it meanwhile); the worker logs the address it bound.
                let free = try ClosedPort().port
                let worker = try harness.startWorker(["--concurrency", "2", "--metrics-port", "\(free)"])
                #expect(await worker.waitFor("Serving /metrics", inStandardError: true, timeout: .seconds(60)))
                let port = try #require(Self.port(in: worker.standardError), "\(worker.standardError.suffix(1000))")
                #expect(port == free)

                // Scrape while the worker works, until its view of the queue is empty.
                var readyDepths: [Double] = []
                var midRun: String?
                var last = PrometheusText("")
                let deadline = ContinuousClock.now + .seconds(300)
                while ContinuousClock.now < deadline {
                    let text = try await Self.get(port: port, path: "/metrics").body
                    last = PrometheusText(text)
                    if let ready = last.value("backfill_queue_chunks", ["state": "ready"]) { readyDepths.append(ready) }
                    if midRun == nil, (last.value("backfill_ib_request_duration_seconds_count") ?? 0) > 0,
                        (last.value("backfill_queue_chunks", ["state": "ready"]) ?? 0) > 0
                    {
                        midRun = text
                    }
                    let open = ["ready", "delayed", "in_flight"].compactMap {
                        last.value("backfill_queue_chunks", ["state": $0])
                    }
                    // All zero also before the worker's first look at the queue (its gauges start at 0): done only
                    // once it has sent IB a request.
                    let requests = last.value("backfill_ib_request_duration_seconds_count") ?? 0
                    if open.count == 3, open.allSatisfy({ $0 == 0 }), !readyDepths.isEmpty, requests > 0 { break }
                    try await Task.sleep(for: .milliseconds(300))
                }

                // The queue depth moved: it was above zero during the run and reached zero.
                #expect((readyDepths.max() ?? 0) > 0, "\(readyDepths)")
                #expect(readyDepths.last == 0, "\(readyDepths)")
                #expect(Set(readyDepths).count >= 2, "\(readyDepths)")

                // promtool accepts the exposition, both mid-run (histograms filling) and at the end.
                let finalText = try await Self.get(port: port, path: "/metrics").body
                for text in [try #require(midRun, "no scrape caught the run under way"), finalText] {
                    let check = try await Self.promtoolCheck(promtool, text)
                    #expect(check.status == 0, "promtool: \(check.standardOutput)\(check.standardError)")
                }

                // The worker's counters agree with PostgreSQL (one worker, so its counts are the fleet's).
                let final = PrometheusText(finalText)
                let (finished, dead, bars) = try await harness.database { database in
                    let row = try #require(
                        try await database.query(
                            """
                            SELECT count(*) FILTER (WHERE state IN ('done', 'empty')) AS finished,
                                   count(*) FILTER (WHERE state = 'dead') AS dead,
                                   coalesce(sum(bar_count), 0) AS bars
                            FROM chunks
                            """
                        ).rows.first
                    )
                    return (
                        try row.decode(Int.self, "finished"), try row.decode(Int.self, "dead"),
                        try row.decode(Int.self, "bars")
                    )
                }
                let done = (final.value("backfill_chunks_total", ["outcome": "done"]) ?? 0)
                let empty = (final.value("backfill_chunks_total", ["outcome": "empty"]) ?? 0)
                #expect(Int(done + empty) == finished)
                #expect(Int(final.value("backfill_chunks_total", ["outcome": "dead"]) ?? -1) == dead)
                #expect(dead >= 1, "the unknown symbol should be dead-lettered")
                #expect(Int(final.value("backfill_bars_written_total") ?? -1) == bars)
                #expect(final.value("backfill_queue_chunks", ["state": "dead"]) == Double(dead))
                // IB's refusal of the unknown symbol is counted under its code; answers under "ok".
                #expect((final.value("backfill_ib_requests_total", ["code": "200"]) ?? 0) >= 1)
                #expect((final.value("backfill_ib_requests_total", ["code": "ok"]) ?? 0) >= Double(finished))
                #expect(final.value("backfill_ib_open_requests") == 0)
                #expect(final.value("backfill_worker_connection_state", ["state": "ready"]) == 1)
                #expect(final.value("backfill_fleet_workers") == 1)
                #expect((final.value("backfill_pacing_wait_seconds_count") ?? 0) >= Double(finished))

                let health = try await Self.get(port: port, path: "/healthz")
                #expect(health.status == 200)
                #expect(health.body.contains(#""connection":"ready""#), "\(health.body)")
                // One connection for the whole run, and it answered.
                #expect(health.body.contains(#""gatewayConnects":1"#), "\(health.body)")
                #expect(health.body.contains(#""gatewayFailures":0"#), "\(health.body)")

                // The container image's healthcheck command asks the same endpoint.
                let probe = try await harness.run(["healthcheck", "--port", "\(port)"])
                #expect(probe.standardOutput.contains(#""status":"ok""#))

                worker.signal(SIGTERM)
                #expect(await worker.waitForExit(timeout: .seconds(60)) == 0, "\(worker.standardError.suffix(2000))")
                await harness.stopSimulator()
            }
        }

        /// The port from the worker's "Serving /metrics and /healthz address=HOST:PORT" line.
        static func port(in log: String) -> Int? {
            guard let line = log.split(separator: "\n").first(where: { $0.contains("Serving /metrics") }),
                let range = line.range(of: "address=")
            else { return nil }
            let address = line[range.upperBound...].prefix { !$0.isWhitespace }
            return address.split(separator: ":").last.flatMap { Int($0) }
        }

        static func get(port: Int, path: String) async throws -> (status: Int, body: String) {
            let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
            let (data, response) = try await URLSession.shared.data(from: url)
            return (try #require(response as? HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
        }

        static func promtool() -> URL? {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            return (path.split(separator: ":").map(String.init) + ["/usr/bin"])
                .map { URL(fileURLWithPath: $0).appendingPathComponent("promtool") }
                .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        }

        /// `promtool check metrics` reads the exposition on standard input; here it reads it from a file via `sh`.
        static func promtoolCheck(_ promtool: URL, _ text: String) async throws -> ProcessResult {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString).txt")
            try text.write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            return try await ProcessResult.run(
                URL(fileURLWithPath: "/bin/sh"),
                ["-c", "\"$0\" check metrics < \"$1\"", promtool.path, file.path]
            )
        }
    }
}
