import BackfillStore
import BlockingIO
import Foundation
import GlobalPacer
import WorkQueue

/// `backfill status` as text: pure functions of a ``StatusSnapshot``, so every frame of `--watch` is the same
/// function of what was read.
enum StatusText {
    /// The frame without a header: failures first, then each backfill, then the queue, workers and pacers.
    ///
    /// With `maxLines` (a terminal's height) the last backfills give way to one line saying how many are not shown,
    /// so the fleet summary stays on screen.
    static func body(_ snapshot: StatusSnapshot, barWidth: Int = 20, maxLines: Int? = nil) -> String {
        var summary: [String] = []
        if let stats = snapshot.queue {
            summary.append(queue(stats))
            summary += workers(stats)
        }
        for state in snapshot.pacers { summary.append(pacer(state, snapshot.pacerConfiguration)) }
        if let scheduler = snapshot.scheduler { summary.append(scheduler.text()) }
        summary += snapshot.requestSizes.map(RequestSizeStatus.lines) ?? []
        let failures = snapshot.failures.map { "error: \($0.text)" }
        var backfills = snapshot.backfills.map { $0.isEmpty ? ["No backfills."] : [] } ?? []
        let all = snapshot.backfills ?? []
        var shown = all.count
        if let maxLines, failures.count + 2 * all.count + summary.count > maxLines {
            shown = max(0, (maxLines - failures.count - summary.count - 1) / 2)
        }
        for backfill in all.prefix(shown) { backfills += backfill.statusLines(barWidth: barWidth) }
        if shown < all.count {
            backfills.append(
                "… \(all.count - shown) more backfill(s) not shown: the terminal is too short (name one: status ID)"
            )
        }
        return (failures + backfills + summary).joined(separator: "\n")
    }

    /// `backfill status at 2025-01-02T03:04:05Z`, with a hint on a terminal.
    static func header(_ time: Date, interval: Int, terminal: Bool) -> String {
        let header = "backfill status at \(time.formatted(.iso8601))"
        return terminal ? header + " (every \(interval) s; Ctrl-C to stop)" : header
    }

    /// `queue: 24 ready, 0 delayed, 2 in flight, 0 dead; oldest waiting 3 min`.
    static func queue(_ stats: QueueStats) -> String {
        let oldest = stats.oldestReadyAge.map { ChunkStore.BackfillProgress.durationText(seconds: seconds($0)) }
        return
            "queue: \(stats.ready) ready, \(stats.delayed) delayed, \(stats.inFlight) in flight, \(stats.dead) dead; oldest waiting \(oldest ?? "—")"
    }

    /// `workers: none`, or a count and one line per worker with its client id, chunks in flight and last renewal.
    static func workers(_ stats: QueueStats) -> [String] {
        guard !stats.workers.isEmpty else { return ["workers: none"] }
        return ["workers: \(stats.workers.count)"]
            + stats.workers.map { worker in
                var parts = ["client id \(worker.clientID.map(String.init) ?? "?")"]
                if let gateway = worker.gateway { parts.append("gateway \(gateway)") }
                parts.append("\(worker.inFlight) in flight")
                if let seen = worker.lastSeen {
                    let ago = ChunkStore.BackfillProgress.durationText(seconds: Int(max(0, stats.time - seen) / 1000))
                    parts.append("seen \(ago) ago")
                }
                if worker.registrationExpires == nil { parts.append("not registered") }
                return "  \(worker.id): " + parts.joined(separator: ", ")
            }
    }

    /// `pacer 127.0.0.1:4002: 12/60 requests in 10 min, 2/6 open, large bars 5/60 per 1 min, no cooldown`.
    ///
    /// The windows are IB's times multiplied by the pacing scale, as the pacer applies them.
    static func pacer(_ state: PacerState, _ configuration: PacerConfiguration) -> String {
        var parts = [
            "\(state.rollingCount)/\(configuration.rollingLimit) requests in \(window(configuration.rollingWindow, configuration))",
            "\(state.openRequests)/\(configuration.maxOpenRequests) open",
        ]
        if !configuration.strictForLargeBars {
            let profile = configuration.largeBars
            var large =
                "large bars \(state.largeBarCount)/\(decimal(state.largeBarRate)) per \(window(profile.rateWindow, configuration))"
            if state.largeBarRate < Double(profile.rateLimit) { large += " (slowed from \(profile.rateLimit))" }
            parts.append(large)
        }
        if state.cooldownRemaining > .zero {
            let left = ChunkStore.BackfillProgress.durationText(
                seconds: seconds(state.cooldownRemaining, roundingUp: true)
            )
            parts.append("cooling down after a pacing violation, \(left) left (level \(state.cooldownLevel))")
        } else {
            parts.append("no cooldown")
        }
        if state.clockHeldBack != .zero {
            // Rare, and worth an operator's look at the Redis host's time keeping.
            parts.append("clock held back \(state.clockHeldBack.milliseconds) ms after Redis's clock stepped forward")
        }
        return "pacer \(state.gateway): " + parts.joined(separator: ", ")
    }

    /// A window of IB's `seconds` after the pacing scale: `10 min`, `6 s`, `600 ms`.
    static func window(_ seconds: Double, _ configuration: PacerConfiguration) -> String {
        let milliseconds = Int((seconds * configuration.scale * 1000).rounded())
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        return ChunkStore.BackfillProgress.durationText(seconds: milliseconds / 1000)
    }

    /// `60`, or `33.8` for a limit the pacer has lowered.
    static func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }

    /// Whole seconds of `duration`, rounded down unless asked otherwise.
    static func seconds(_ duration: Duration, roundingUp: Bool = false) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) + (roundingUp && attoseconds > 0 ? 1 : 0)
    }
}
