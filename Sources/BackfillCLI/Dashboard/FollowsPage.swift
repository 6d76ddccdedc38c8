import BackfillStore
import ChunkPlanning
import Foundation
import GlobalPacer
import WorkQueue

/// Subscriptions and the scheduler's next runs.
enum FollowsPage {
    static func fragment(_ snapshot: DashboardSnapshot) -> String {
        var html = OverviewPage.failures(snapshot)
        if let scheduler = snapshot.status.scheduler {
            html += "<p id=\"scheduler\">\(HTML.escape(scheduler.text()))</p>"
        } else {
            html += "<p>No subscriptions and no scheduler yet (<code>backfill follow add</code>).</p>"
        }
        guard !snapshot.follows.isEmpty else { return html }
        let rows = snapshot.follows.map { follow -> [String] in
            let spec = follow.spec
            let schedule = spec.schedule(delay: snapshot.schedulerDelay)
            return [
                "<code>\(HTML.escape(String(follow.id.prefix(8))))</code>", HTML.escape(spec.symbol),
                HTML.escape("\(spec.series)\(spec.useRTH ? " RTH" : "")"), HTML.escape(schedule.market),
                UTCText.minute(spec.dataFrom), follow.lastClose.map(UTCText.minute) ?? "not run yet",
                UTCText.minute(schedule.nextRun(after: snapshot.marketNow)), HTML.number(follow.totalEnqueued),
                HTML.number(follow.revisedBars),
            ]
        }
        html += HTML.table(
            ["id", "symbol", "series", "market", "from", "last close", "next run", "chunks", "revised bars"],
            rows,
            id: "follows"
        )
        return html
    }
}
