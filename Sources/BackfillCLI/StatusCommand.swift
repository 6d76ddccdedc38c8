import ArgumentParser
import BackfillCore
import Foundation
import WorkQueue

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Progress per backfill (PostgreSQL) and the state of the queue and workers (Redis)."
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "Only this backfill.")
    var backfillID: String?

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Print again every few seconds until interrupted.")
    var watch = false

    @Option(help: "Seconds between prints with --watch.")
    var interval = 5

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        try await FleetServices.with(settings, logger: logger) { services in
            repeat {
                let progress = try await services.store.progress(backfillID: backfillID)
                let stats = try await services.queue.stats()
                print(json ? Self.json(progress, stats) : Self.text(progress, stats))
                if watch { try await Task.sleep(for: .seconds(max(1, interval))) }
            } while watch
        }
    }

    static func text(_ progress: [ChunkStore.BackfillProgress], _ stats: QueueStats) -> String {
        var lines: [String] = []
        for backfill in progress {
            let finished = backfill.done + backfill.empty
            let eta = backfill.etaSeconds.map { PlanJSON.duration(Int64($0)) } ?? "unknown"
            lines.append(
                "\(backfill.id)\(backfill.name.map { " (\($0))" } ?? "") [\(backfill.state), priority \(backfill.priority)]: \(finished)/\(backfill.total) done, \(backfill.bars) bars, \(backfill.retrying) retrying, \(backfill.dead) dead, \(String(format: "%.1f", backfill.ratePerMinute)) chunks/min, ETA \(eta)"
            )
        }
        if progress.isEmpty { lines.append("No backfills.") }
        let oldest = stats.readyByPriority.map(\.oldestReadyAge).max().map { "\($0.components.seconds) s" } ?? "-"
        lines.append(
            "queue: \(stats.ready) ready, \(stats.delayed) delayed, \(stats.inFlight) in flight, \(stats.dead) dead; oldest waiting \(oldest)"
        )
        let workers = stats.workers.map {
            "\($0.id) (client id \($0.clientID.map(String.init) ?? "?"), \($0.inFlight) in flight)"
        }
        lines.append("workers: \(workers.isEmpty ? "none" : workers.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }

    static func json(_ progress: [ChunkStore.BackfillProgress], _ stats: QueueStats) -> String {
        let object: [String: Any] = [
            "backfills": progress.map { backfill -> [String: Any] in
                [
                    "id": backfill.id, "name": backfill.name.map { $0 as Any } ?? NSNull(), "state": backfill.state,
                    "priority": backfill.priority, "total": backfill.total, "done": backfill.done,
                    "empty": backfill.empty, "dead": backfill.dead, "retrying": backfill.retrying,
                    "cancelled": backfill.cancelled, "bars": backfill.bars,
                    "chunksPerMinute": backfill.ratePerMinute,
                    "etaSeconds": backfill.etaSeconds.map { $0 as Any } ?? NSNull(),
                ]
            },
            "queue": [
                "ready": stats.ready, "delayed": stats.delayed, "inFlight": stats.inFlight, "dead": stats.dead,
                "oldestReadyAgeMs": stats.readyByPriority.map { Int($0.oldestReadyAge.components.seconds * 1000) }.max()
                    ?? 0,
                "workers": stats.workers.map {
                    ["id": $0.id, "clientId": $0.clientID.map { $0 as Any } ?? NSNull(), "inFlight": $0.inFlight]
                        as [String: Any]
                },
            ],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
