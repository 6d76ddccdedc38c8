import BackfillStore
import ChunkPlanning
import Foundation
import GlobalPacer
import WorkQueue

/// Every backfill's progress, the queue over the last hour, throughput and the live workers.
enum OverviewPage {
    static func fragment(_ snapshot: DashboardSnapshot) -> String {
        var html = failures(snapshot)
        let backfills = snapshot.status.backfills ?? []
        let rows = backfills.map { backfill -> [String] in
            let name = backfill.name.map { HTML.escape($0) } ?? "<span class=\"muted\">unnamed</span>"
            let done =
                backfill.isTickBackfill
                ? "\(backfill.tickChainsFinished)/\(backfill.tickChains) chains"
                : "\(HTML.number(backfill.finished))/\(HTML.number(backfill.total))"
            return [
                "<a href=\"/backfills/\(HTML.escape(backfill.id))\">\(HTML.escape(String(backfill.id.prefix(12))))</a>",
                name, HTML.escape(backfill.stateText),
                DashboardLayout.progress(tenths: backfill.tenthsOfPercentFinished),
                done, HTML.number(backfill.isTickBackfill ? backfill.ticks : backfill.bars),
                HTML.escape(backfill.rateText),
                HTML.escape(backfill.etaText),
                backfill.dead > 0 ? "<span class=\"error\">\(backfill.dead)</span>" : "0",
            ]
        }
        html += "<h2>Backfills</h2>"
        html +=
            backfills.isEmpty
            ? "<p>No backfills yet.</p>"
            : HTML.table(
                ["id", "name", "state", "progress", "chunks", "bars", "rate", "ETA", "dead"],
                rows,
                id: "backfills"
            )
        html += "<h2>Queue and throughput</h2><div class=\"charts\">"
        let history = snapshot.queueHistory
        html += SVGChart.lines(
            [
                .init(name: "ready", color: "#2e86de", values: history.map { Double($0.ready) }),
                .init(name: "delayed", color: "#e67e22", values: history.map { Double($0.delayed) }),
                .init(name: "in flight", color: "#27ae60", values: history.map { Double($0.inFlight) }),
                .init(name: "dead", color: "#c0392b", values: history.map { Double($0.dead) }),
            ],
            caption: "Queue depth by state, last hour (\(history.count) samples)"
        )
        let minutes = perMinute(snapshot.throughput, now: Int64(snapshot.status.time.timeIntervalSince1970))
        html += SVGChart.bars(
            minutes.map { Double($0.chunks) },
            color: "#2e86de",
            caption: "Chunks finished per minute, last hour (this minute: \(minutes.last?.chunks ?? 0))"
        )
        html += SVGChart.bars(
            minutes.map { Double($0.bars) },
            color: "#8e44ad",
            caption: "Bars stored per minute, last hour (this minute: \(HTML.number(minutes.last?.bars ?? 0)))"
        )
        html += "</div>"
        if let queue = snapshot.status.queue {
            html += "<p id=\"queue\">\(HTML.escape(StatusText.queue(queue)))</p>"
            html += "<h2>Workers</h2>"
            html +=
                queue.workers.isEmpty
                ? "<p>No live workers.</p>"
                : HTML.table(
                    ["worker", "client id", "gateway", "chunks in flight"],
                    queue.workers.map { worker in
                        [
                            HTML.escape(worker.id), worker.clientID.map { "\($0)" } ?? "–",
                            worker.gateway.map(HTML.escape) ?? "–",
                            "\(worker.inFlight)",
                        ]
                    },
                    id: "workers"
                )
        }
        return html
    }

    /// The failures of the read, one line each (already free of secrets).
    static func failures(_ snapshot: DashboardSnapshot) -> String {
        snapshot.status.failures.map { "<p class=\"error\">\(HTML.escape($0.text))</p>" }.joined()
    }

    /// Sixty minutes ending with the current one, zero where nothing finished.
    static func perMinute(_ throughput: [ChunkStore.MinuteThroughput], now: Int64) -> [ChunkStore.MinuteThroughput] {
        let current = now - ((now % 60) + 60) % 60
        let byMinute = Dictionary(throughput.map { ($0.minute, $0) }, uniquingKeysWith: { first, _ in first })
        return (0..<60).reversed().map { back in
            let minute = current - Int64(back) * 60
            return byMinute[minute] ?? ChunkStore.MinuteThroughput(minute: minute, chunks: 0, bars: 0)
        }
    }
}
