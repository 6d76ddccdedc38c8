import ArgumentParser
import BackfillStore
import ChunkPlanning
import CommandCore
import Fleet
import Foundation
import PQKit

struct FollowListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The subscriptions, with their last run and their next one."
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "One JSON array.")
    var json = false

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        let now = try settings.now()
        do {
            try await PostgresConnection.withConnection(configuration: settings.database, logger: logger) { database in
                let follows = try await FollowStore(database: database).all()
                let holder = try await SchedulerLease(database: database, holder: "", period: 0).current()
                let delay = holder?.delay ?? SchedulerConfiguration.defaultDelay
                if json {
                    print(Self.json(follows, now: now, delay: delay))
                    return
                }
                guard !follows.isEmpty else {
                    print("no subscriptions; add one with `backfill follow add`")
                    return
                }
                for follow in follows {
                    print(Self.line(follow, now: now, delay: delay))
                }
            }
        } catch let error as PostgresError {
            CommandFailure.print(postgres: error)
            throw ExitCode.failure
        }
    }

    /// `3f2a9c1e AAPL 1 min TRADES RTH from 2024-03-12 00:00 UTC, revisit 1; last close 2024-03-12 20:00 UTC
    /// (1 chunk), 4 in all, 12 revised; next run 2024-03-13 20:10 UTC`
    static func line(_ follow: FollowRecord, now: Int64, delay: Int64) -> String {
        let spec = follow.spec
        let next = spec.schedule(delay: delay).nextRun(after: now)
        let last =
            follow.lastClose.map { "last close \(UTCText.minute($0)) (\(follow.lastEnqueued) new)" } ?? "not run yet"
        return "\(follow.id.prefix(8)) \(spec.symbol) \(spec.series)\(spec.useRTH ? " RTH" : "") from "
            + "\(UTCText.minute(spec.dataFrom)), revisit \(spec.revisitSessions); \(last), \(follow.totalEnqueued) "
            + "in all, \(follow.revisedBars) revised; next run \(UTCText.minute(next))"
    }

    static func json(_ follows: [FollowRecord], now: Int64, delay: Int64) -> String {
        let objects: [[String: Any]] = follows.map { follow in
            let spec = follow.spec
            let schedule = spec.schedule(delay: delay)
            var object: [String: Any] = [
                "id": follow.id, "symbol": spec.symbol, "barSize": spec.series.barSizeText,
                "whatToShow": spec.series.whatToShowText, "useRTH": spec.useRTH, "from": spec.dataFrom,
                "revisitSessions": spec.revisitSessions, "priority": spec.priority, "market": schedule.market,
                "nextRun": schedule.nextRun(after: now), "lastEnqueued": follow.lastEnqueued,
                "totalEnqueued": follow.totalEnqueued, "revisedBars": follow.revisedBars,
            ]
            object["lastClose"] = follow.lastClose ?? NSNull()
            object["lastRunAt"] = follow.lastRunAt ?? NSNull()
            return object
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
