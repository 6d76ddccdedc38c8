import BackfillStore
import BlockingIO
import Foundation
import GlobalPacer
import WorkQueue

/// `backfill status --json`: one object per snapshot, on one line, keys sorted.
///
/// `backfills` or `queue` is null when its server could not be read, and `errors` says why (one sentence each);
/// `pacers` has one object per gateway whose state could be read.
enum StatusJSON {
    static func line(_ snapshot: StatusSnapshot) -> String {
        let object: [String: Any] = [
            "time": snapshot.time.formatted(.iso8601),
            "backfills": snapshot.backfills.map { $0.map(backfill) } ?? NSNull(),
            "queue": snapshot.queue.map(queue) ?? NSNull(),
            "pacers": snapshot.pacers.map { pacer($0, snapshot.pacerConfiguration) },
            "scheduler": snapshot.scheduler?.json ?? NSNull(),
            "requestSizes": snapshot.requestSizes.map(RequestSizeStatus.json) ?? NSNull(),
            "errors": snapshot.failures.map(\.text),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func backfill(_ backfill: ChunkStore.BackfillProgress) -> [String: Any] {
        [
            "id": backfill.id, "name": backfill.name.map { $0 as Any } ?? NSNull(), "state": backfill.state,
            "priority": backfill.priority, "total": backfill.total, "done": backfill.done,
            "empty": backfill.empty, "dead": backfill.dead, "retrying": backfill.retrying,
            "cancelled": backfill.cancelled, "bars": backfill.bars, "finished": backfill.finished,
            "ticks": backfill.ticks, "tickChains": backfill.tickChains,
            "tickChainsFinished": backfill.tickChainsFinished,
            "remaining": backfill.remaining, "percent": Double(backfill.tenthsOfPercentFinished) / 10,
            "chunksPerMinute": backfill.ratePerMinute,
            "etaSeconds": backfill.etaSeconds.map { $0 as Any } ?? NSNull(),
        ]
    }

    static func queue(_ stats: QueueStats) -> [String: Any] {
        [
            "ready": stats.ready, "delayed": stats.delayed, "inFlight": stats.inFlight, "dead": stats.dead,
            "oldestReadyAgeMs": stats.oldestReadyAge?.milliseconds ?? 0,
            "workers": stats.workers.map {
                [
                    "id": $0.id, "clientId": $0.clientID.map { $0 as Any } ?? NSNull(), "inFlight": $0.inFlight,
                    "gateway": $0.gateway.map { $0 as Any } ?? NSNull(),
                    "registered": $0.registrationExpires != nil,
                ] as [String: Any]
            },
        ]
    }

    /// Counts as the pacer read them, beside the limits they are held to; windows in seconds after the scale.
    static func pacer(_ state: PacerState, _ configuration: PacerConfiguration) -> [String: Any] {
        func window(_ seconds: Double) -> Double { seconds * configuration.scale }
        return [
            "gateway": state.gateway,
            "requests": state.rollingCount, "requestLimit": configuration.rollingLimit,
            "requestWindowSeconds": window(configuration.rollingWindow),
            "openRequests": state.openRequests, "maxOpenRequests": configuration.maxOpenRequests,
            "identicalRequests": state.identicalCount,
            "identicalWindowSeconds": window(configuration.identicalWindow),
            "messages": state.messageCount, "messageLimit": configuration.messageLimit,
            "messageWindowSeconds": window(configuration.messageWindow),
            "largeBarRequests": state.largeBarCount, "largeBarLimit": state.largeBarRate,
            "largeBarConfiguredLimit": configuration.largeBars.rateLimit,
            "largeBarWindowSeconds": window(configuration.largeBars.rateWindow),
            "cooldownRemainingMs": state.cooldownRemaining.milliseconds, "cooldownLevel": state.cooldownLevel,
            "clockHeldBackMs": state.clockHeldBack.milliseconds,
        ]
    }
}
