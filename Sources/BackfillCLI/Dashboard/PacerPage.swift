import BackfillStore
import ChunkPlanning
import Foundation
import GlobalPacer
import WorkQueue

/// Each gateway's pacer: IB's rolling 10-minute window as a gauge against its limit, open requests against the cap,
/// the cooldown, and recent pacing violations.
enum PacerPage {
    static func fragment(_ snapshot: DashboardSnapshot) -> String {
        var html = OverviewPage.failures(snapshot)
        let configuration = snapshot.status.pacerConfiguration
        if snapshot.status.pacers.isEmpty { html += "<p>No pacer could be read.</p>" }
        for state in snapshot.status.pacers {
            html += "<section class=\"pacer\"><h2>\(HTML.escape(state.gateway))</h2><div class=\"gauges\">"
            html += SVGChart.gauge(
                value: state.rollingCount,
                limit: configuration.rollingLimit,
                label: "requests in IB's 10-minute window (weighted)"
            )
            html += SVGChart.gauge(
                value: state.openRequests,
                limit: configuration.maxOpenRequests,
                label: "open historical requests"
            )
            html += SVGChart.gauge(
                value: state.largeBarCount,
                limit: Int(state.largeBarRate.rounded()),
                label: "large-bar requests in their window"
            )
            html += "</div>"
            html += "<p class=\"pacer-line\">\(HTML.escape(StatusText.pacer(state, configuration)))</p>"
            if state.cooldownRemaining > .zero {
                let left = StatusText.seconds(state.cooldownRemaining, roundingUp: true)
                html +=
                    "<p class=\"error\">Cooling down after a pacing violation: \(left) s left (level \(state.cooldownLevel)).</p>"
            }
            html += "</section>"
        }
        html +=
            "<p>Pacing violations (162) in the last hour, fleet-wide: <strong id=\"violations\">\(snapshot.recentViolations)</strong></p>"
        return html
    }
}
