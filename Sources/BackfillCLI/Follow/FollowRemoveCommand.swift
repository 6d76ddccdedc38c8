import ArgumentParser
import BackfillStore
import ChunkPlanning
import CommandCore
import PQKit

struct FollowRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Stop following: by id (as `follow list` prints it, or its first 8 digits) or by symbols and series.",
        discussion: "Stored bars and chunks stay; queued chunks are still fetched (`backfill cancel ID` stops them)."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var series: FollowSeriesOptions

    @Argument(help: "Subscription ids, or their first 8 or more digits.")
    var ids: [String] = []

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        let bySeries = series.symbols != nil || series.symbolsFile != nil
        guard bySeries != !ids.isEmpty else {
            CommandFailure.print("Name the subscriptions to remove: ids, or --symbols with --bar or --ticks.")
            throw ExitCode(2)
        }
        var wanted: [String] = []
        if bySeries {
            let parsed = try series.parsed()
            wanted = parsed.contracts.map { contract in
                FollowSpec(contract: contract, symbol: "", series: parsed.series, useRTH: parsed.useRTH, dataFrom: 0).id
            }
        }
        do {
            try await PostgresConnection.withConnection(configuration: settings.database, logger: logger) { database in
                let store = FollowStore(database: database)
                let all = try await store.all()
                var chosen: [FollowRecord] = []
                for id in ids {
                    let matches = all.filter { $0.id.hasPrefix(id.lowercased()) }
                    guard id.count >= 8, matches.count == 1, let match = matches.first else {
                        CommandFailure.print(
                            matches.count > 1
                                ? "'\(id)' names \(matches.count) subscriptions; give more of the id."
                                : "There is no subscription '\(id)'; `backfill follow list` shows them."
                        )
                        throw ExitCode(2)
                    }
                    chosen.append(match)
                }
                for id in wanted {
                    guard let match = all.first(where: { $0.id == id }) else {
                        CommandFailure.print("There is no such subscription; `backfill follow list` shows them.")
                        throw ExitCode(2)
                    }
                    chosen.append(match)
                }
                let removed = Set(try await store.remove(ids: chosen.map(\.id)))
                for follow in chosen where removed.contains(follow.id) {
                    print("removed \(follow.id.prefix(8)) \(follow.spec.symbol) \(follow.spec.series)")
                }
            }
        } catch let error as PostgresError {
            CommandFailure.print(postgres: error)
            throw ExitCode.failure
        }
    }
}
