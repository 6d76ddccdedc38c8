import BackfillStore
import ChunkPlanning
import CoreMetrics
import Foundation
import Monitoring
import Prometheus
import TWSClient
import TWSProtocol
import Testing

@testable import Fleet

/// The labels a request's result is counted under: bounded, and saying who refused.
@Suite struct WorkerMetricsTests {
    @Test func requestResultsMapToAFewStableCodes() {
        #expect(WorkerMetrics.resultCode(nil) == "ok")
        let pacing = TWSClientError(
            .ib,
            "pacing",
            ibError: IBError(
                requestID: 1,
                code: 162,
                message: "Historical Market Data Service error message:Pacing violation"
            )
        )
        #expect(WorkerMetrics.resultCode(pacing) == "162")
        #expect(WorkerMetrics.resultCode(TWSClientError(.requestTimedOut, "slow")) == "timeout")
        #expect(WorkerMetrics.resultCode(TWSClientError(.connectionLost, "gone")) == "disconnected")
        #expect(WorkerMetrics.resultCode(CancellationError()) == "cancelled")
        struct Other: Error {}
        #expect(WorkerMetrics.resultCode(Other()) == "error")
    }

    @Test func everyOutcomeHasOneOfTheListedNames() {
        let all: [ChunkOutcome] = [
            .done(bars: 1), .empty, .alreadyFinished, .retrying, .dead, .requeued, .dropped, .split(children: 2),
        ]
        #expect(all.map(\.name) == ChunkOutcome.names)
        #expect(ChunkOutcome.pageDone(ticks: 5).name == "done")
    }

    @Test func everyRecordedFamilyIsDescribed() {
        let factory = DescribedPrometheusFactory(catalogue: WorkerMetrics.catalogue)
        let metrics = WorkerMetrics(gateway: "gw:4002", concurrency: 3, factory: factory)
        metrics.record(.done(bars: 10))
        metrics.record(.pageDone(ticks: 1_004))
        metrics.record(.pageDone(ticks: 998))
        metrics.requestStarted()
        metrics.requestFinished(after: .milliseconds(300), error: nil)
        metrics.pacerWaited(.seconds(2))
        metrics.pacingViolation()
        metrics.connection(.paused)
        let text = factory.registry.emitToString()
        #expect(!text.contains("(no description)"), "\(text)")
        #expect(text.contains(#"backfill_worker_connection_state{gateway="gw:4002",state="paused"} 1"#))
        // A tick page is a chunk too: three done, ten bars, two pages of ticks.
        #expect(text.contains(#"backfill_chunks_total{outcome="done"} 3"#))
        #expect(text.contains("backfill_bars_written_total 10"))
        #expect(text.contains("backfill_ticks_written_total 2002"))
        #expect(text.contains("backfill_tick_pages_total 2"))
        #expect(text.contains(#"backfill_ib_open_requests{gateway="gw:4002"} 0"#))
        #expect(text.contains("backfill_worker_concurrency 3"))
        let named = Set(WorkerMetrics.catalogue.map(\.name))
        let emitted = Set(
            text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { String($0.split(separator: " ")[2]) }
        )
        #expect(emitted == named)
    }

    /// The dashboard and alert checks (Deploy/checks/promql.py) keep their own list of our metrics; it must name
    /// exactly the families the worker and the scheduler record, or the dashboard could query a series that never
    /// exists.
    @Test func theDeploymentChecksKnowExactlyTheseMetrics() throws {
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let checks = try String(
            contentsOf: repository.appendingPathComponent("Deploy/checks/promql.py"),
            encoding: .utf8
        )
        let listed = Set(
            checks.matches(of: /"(backfill_[a-z_]+)":/).map { match in
                String(match.1).replacing(/_(bucket|sum|count)$/, with: "")
            }
        )
        #expect(listed == Set((WorkerMetrics.catalogue + SchedulerMetrics.catalogue).map(\.name)))
    }

    @Test func everySchedulerFamilyIsDescribedAndEmitted() {
        let factory = DescribedPrometheusFactory(catalogue: SchedulerMetrics.catalogue)
        let metrics = SchedulerMetrics(factory: factory)
        let aapl = Contract(symbol: "AAPL", secType: .stock, exchange: "SMART", currency: "USD")
        let follow = FollowRecord(
            spec: FollowSpec(
                contract: aapl,
                symbol: "AAPL",
                series: .bars(.oneMinute, whatToShow: "TRADES"),
                useRTH: true,
                dataFrom: 1_710_201_600
            )
        )
        metrics.active(true)
        // Friday 2024-03-15 22:00 UTC: NYSE's next close is Monday 20:00 UTC, the run ten minutes later.
        metrics.observe([follow], now: 1_710_540_000, delay: 600)
        metrics.ran(
            FollowRunOutcome(followID: follow.id, close: 1_710_532_800, enqueued: 3, queued: 3),
            at: 1_710_540_000
        )
        let text = factory.registry.emitToString()
        #expect(!text.contains("(no description)"), "\(text)")
        #expect(text.contains("backfill_scheduler_active 1"))
        #expect(text.contains("backfill_follows 1"))
        #expect(
            text.contains(#"backfill_scheduler_next_run_timestamp_seconds{market="usEquity"} 1710792600.0"#),
            "\(text)"
        )
        #expect(text.contains("backfill_scheduler_chunks_enqueued_total 3"))
        #expect(text.contains("backfill_scheduler_runs_total 1"))
        #expect(text.contains("backfill_scheduler_last_enqueue_timestamp_seconds 1710540000"))
    }
}
