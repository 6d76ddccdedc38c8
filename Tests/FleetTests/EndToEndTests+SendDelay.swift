import BackfillTestSupport
import Foundation
import Testing

/// IB counts a request when it arrives. A worker that is slow between its permit and its send, or paused outright,
/// must not make the gateway see more than 60 requests in any rolling 10 minutes (issue 11's acceptance).
///
/// In the serialized end-to-end suite, so its fleet never loads the machine at the same time as the others.
extension FleetProcessTests.EndToEndTests {
    /// The 10-minute window lasts 12 s; the margin is the default 250 ms, which a 2 s delay or a 0.8 s pause
    /// exceeds several times over.
    static let sendDelayScale = 0.02
    static let sendDelaySettings = [
        "BACKFILL_PACING_SCALE": "\(sendDelayScale)", "BACKFILL_CHUNK_LEASE_SECONDS": "10",
        "BACKFILL_HEARTBEAT_SECONDS": "1", "BACKFILL_SHUTDOWN_GRACE_SECONDS": "10", "BACKFILL_LOG_LEVEL": "notice",
        // Room for delayed permits and fast requests at once, so the fast ones can fill a window while the
        // delayed ones are still on their way, as they can on a real fleet.
        "BACKFILL_MAX_OPEN_REQUESTS": "20",
    ]

    @Test func aDelayedAndAPausedWorkerNeverMakeTheGatewaySeeMoreThan60() async throws {
        try await FleetHarness.with { harness in
            harness.settings = Self.sendDelaySettings
            // The harsh reading: requests the gateway refuses count too, so one slip would snowball.
            try await harness.startSimulator(["--pacing-scale", "\(Self.sendDelayScale)", "--count-refused"])
            let day = 86_400.0
            let now = Date().timeIntervalSince1970
            // Ten-second bars, one request per session each: about 300 requests in all.
            try await harness.run(
                [
                    "enqueue", "--symbols",
                    "AAPL,MSFT,NVDA,AMZN,GOOGL,META,TSLA,JPM,SPY,QQQ,XOM,JNJ,V,PG,KO,PEP,DIS,INTC,CSCO,ORCL",
                    "--from", FleetHarness.day(now - 26 * day), "--to", FleetHarness.day(now - 4 * day), "--bar", "10s",
                ]
            )
            // Worker 0 waits 2 s between every permit and its send; worker 1 is frozen (SIGSTOP) for 0.8 s out of
            // every 2 s, wherever it happens to be; worker 2 is healthy and takes every slot the others leave.
            harness.settings["BACKFILL_TEST_SEND_DELAY_MS"] = "2000"
            try harness.startWorker(["--concurrency", "4"])
            harness.settings["BACKFILL_TEST_SEND_DELAY_MS"] = nil
            let paused = try harness.startWorker(["--concurrency", "4"])
            try harness.startWorker(["--concurrency", "4"])
            let pauses = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(1200))
                    paused.signal(SIGSTOP)
                    try? await Task.sleep(for: .milliseconds(800))
                    paused.signal(SIGCONT)
                }
            }

            let states = try await harness.waitUntilSettled(timeout: .seconds(300))
            pauses.cancel()
            _ = await pauses.value
            paused.signal(SIGCONT)
            #expect(states.keys.sorted() == ["done"], "\(states)")
            for worker in harness.workers { worker.signal(SIGTERM) }
            for worker in harness.workers { _ = await worker.waitForExit(timeout: .seconds(30)) }
            await harness.stopSimulator()

            let events = try harness.auditEvents()
            let broken = events.filter { $0["event"] as? String == "rule" }
            #expect(broken.isEmpty, "\(GatewayAudit.firstViolation(events, scale: Self.sendDelayScale))")
            let requests = GatewayAudit.strictRequests(events)
            #expect(requests.count > 240, "too little work to fill four windows: \(requests.count)")
            let busiest = GatewayAudit.busiestWindow(requests, window: 600 * Self.sendDelayScale)
            #expect(busiest <= 60, "the gateway saw \(busiest) requests in one rolling window")
            // Every worker sent requests: the delayed and the paused one were really part of the run. (A worker
            // may lease a new client id after a reconnect, so there can be more ids than workers.)
            let clients = Set(
                events.filter { $0["message"] as? String == "reqHistoricalData" }.compactMap { $0["clientId"] as? Int }
            )
            #expect(clients.count >= 3, "\(clients)")
        }
    }
}
