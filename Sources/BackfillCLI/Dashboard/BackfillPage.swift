import BackfillStore
import ChunkPlanning
import Foundation
import GlobalPacer
import WorkQueue

/// One backfill: its progress, chunks by state, progress per instrument and the latest errors.
enum BackfillPage {
    /// What the page shows, read on demand (one backfill, so not part of the shared snapshot).
    struct Detail: Sendable {
        var progress: ChunkStore.BackfillProgress
        var states: [String: Int]
        var instruments: [ChunkStore.InstrumentProgress]
        var errors: [ChunkStore.ChunkErrorRow]

        static func read(_ id: String, store: ChunkStore) async throws -> Detail? {
            guard let progress = try await store.progress(backfillID: id).first else { return nil }
            return Detail(
                progress: progress,
                states: try await store.chunkStates(backfillID: id),
                instruments: try await store.instrumentProgress(backfillID: id),
                errors: try await store.latestErrors(backfillID: id)
            )
        }
    }

    static let stateOrder = ["pending", "queued", "running", "retrying", "done", "empty", "dead", "cancelled"]

    static func fragment(_ detail: Detail, csrf: String?) -> String {
        let progress = detail.progress
        var html = "<h2>\(HTML.escape(progress.name ?? "Backfill")) <code>\(HTML.escape(progress.id))</code></h2>"
        html +=
            "<p>\(HTML.escape(progress.stateText)) · \(DashboardLayout.progress(tenths: progress.tenthsOfPercentFinished)) · "
        html +=
            "\(HTML.number(progress.bars)) bars · \(HTML.escape(progress.rateText)) · ETA \(HTML.escape(progress.etaText))</p>"
        html +=
            "<p>\(DashboardLayout.action("/actions/retry", label: "Retry its dead chunks", fields: ["backfill": progress.id], csrf: csrf)) "
        html +=
            "\(DashboardLayout.action("/actions/cancel", label: "Cancel this backfill", fields: ["backfill": progress.id], csrf: csrf))</p>"
        html += "<h3>Chunks by state</h3>"
        html += HTML.table(
            stateOrder,
            [stateOrder.map { HTML.number(detail.states[$0, default: 0]) }],
            id: "states"
        )
        html += "<h3>Instruments</h3>"
        html += HTML.table(
            ["symbol", "progress", "chunks", "dead", "bars"],
            detail.instruments.map { instrument in
                let tenths = instrument.total == 0 ? 0 : instrument.finished * 1000 / instrument.total
                return [
                    HTML.escape(instrument.symbol), DashboardLayout.progress(tenths: tenths),
                    "\(HTML.number(instrument.finished))/\(HTML.number(instrument.total))", "\(instrument.dead)",
                    HTML.number(instrument.bars),
                ]
            },
            id: "instruments"
        )
        html += "<h3>Latest errors</h3>"
        html +=
            detail.errors.isEmpty
            ? "<p>None.</p>"
            : HTML.table(
                ["chunk", "state", "attempts", "IB code", "IB text", "when"],
                detail.errors.map { error in
                    [
                        "<code>\(HTML.escape(String(error.id.prefix(12))))</code>", HTML.escape(error.state),
                        "\(error.attempts)", error.errorCode.map { "\($0)" } ?? "–", HTML.escape(error.errorText),
                        UTCText.minute(error.updatedAt),
                    ]
                },
                id: "errors"
            )
        return html
    }
}
