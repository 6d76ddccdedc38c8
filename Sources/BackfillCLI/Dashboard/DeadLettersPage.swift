import BackfillStore
import ChunkPlanning
import Foundation
import GlobalPacer
import WorkQueue

/// The dead-letter queue: IB's code and text, attempts, the request; retry, purge and cancel.
enum DeadLettersPage {
    static func fragment(_ snapshot: DashboardSnapshot, csrf: String?) -> String {
        var html = OverviewPage.failures(snapshot)
        html += "<h2>Dead letters</h2>"
        guard !snapshot.dead.isEmpty else { return html + "<p>No dead chunks.</p>" }
        html += "<p>\(DashboardLayout.action("/actions/retry", label: "Retry all", fields: [:], csrf: csrf)) "
        html +=
            "\(DashboardLayout.action("/actions/purge", label: "Purge all from the queue", fields: [:], csrf: csrf))</p>"
        let rows = snapshot.dead.map { chunk -> [String] in
            [
                "<code>\(HTML.escape(String(chunk.id.prefix(12))))</code>",
                "<a href=\"/backfills/\(HTML.escape(chunk.backfillID))\">\(HTML.escape(String(chunk.backfillID.prefix(12))))</a>",
                HTML.escape(chunk.symbol), HTML.escape(chunk.request), "\(chunk.attempts)",
                chunk.errorCode.map { "<strong class=\"ib-code\">\($0)</strong>" } ?? "–",
                "<span class=\"ib-text\">\(HTML.escape(chunk.errorText ?? ""))</span>",
                UTCText.minute(chunk.diedAt),
                DashboardLayout.action("/actions/retry", label: "Retry", fields: ["chunk": chunk.id], csrf: csrf)
                    + DashboardLayout.action(
                        "/actions/cancel",
                        label: "Cancel backfill",
                        fields: ["backfill": chunk.backfillID],
                        csrf: csrf
                    ),
            ]
        }
        html += HTML.table(
            ["chunk", "backfill", "symbol", "request", "attempts", "IB code", "IB text", "died", "actions"],
            rows,
            id: "dead"
        )
        return html
    }
}
