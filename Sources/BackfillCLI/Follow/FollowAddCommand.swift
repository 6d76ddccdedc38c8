import ArgumentParser
import BackfillStore
import ChunkPlanning
import CommandCore
import PQKit

struct FollowAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Follow symbols × one series: the scheduler keeps it current from --from on.",
        discussion: """
            Adding a subscription that exists updates its revisit window and priority, and moves its start earlier \
            if --from is earlier. Prints each subscription's id.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var series: FollowSeriesOptions

    @Option(
        help:
            "Keep data from this day (UTC) or timestamp on; the first run fetches what is missing since (default: today)."
    )
    var from: String?

    @Option(
        parsing: .unconditional,
        help: """
            Sessions before the newest fetched again at each close, because IB revises recent bars (0-\(FollowSpec.revisitLimit)); \
            they ride on the newest session's request where it has room, so usually cost no extra request.
            """
    )
    var revisit = 1

    @Option(parsing: .unconditional, help: "Queue priority of the chunks its runs enqueue (-1000...1000).")
    var priority = 0

    func validate() throws {
        guard (0...FollowSpec.revisitLimit).contains(revisit) else {
            throw ValidationError("--revisit must be from 0 to \(FollowSpec.revisitLimit) sessions.")
        }
        guard (-1000...1000).contains(priority) else {
            throw ValidationError("--priority must be within -1000...1000.")
        }
    }

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        let parsed = try series.parsed()
        let now = try settings.now()
        let dataFrom: Int64
        if let from {
            do {
                dataFrom = try DateRangeInput(from: from, to: "2199-12-31").start
            } catch {
                CommandFailure.print(error.message)
                throw ExitCode(2)
            }
        } else {
            dataFrom = now - ((now % 86_400) + 86_400) % 86_400
        }
        let specs = zip(parsed.contracts, parsed.symbols).map { contract, symbol in
            FollowSpec(
                contract: contract,
                symbol: symbol,
                series: parsed.series,
                useRTH: parsed.useRTH,
                dataFrom: dataFrom,
                revisitSessions: revisit,
                priority: priority
            )
        }
        try Self.check(specs, now: now)
        do {
            try await PostgresConnection.withConnection(configuration: settings.database, logger: logger) { database in
                let store = FollowStore(database: database)
                for spec in specs {
                    let created = try await store.add(spec)
                    FileHandleOutput.standardError(
                        "\(created ? "following" : "updated") \(spec.symbol) \(spec.series)\(spec.useRTH ? " RTH" : "") from \(UTCText.minute(spec.dataFrom)), revisiting \(spec.revisitSessions) session(s)"
                    )
                    print(spec.id)
                }
            }
        } catch let error as PostgresError {
            CommandFailure.print(postgres: error)
            throw ExitCode.failure
        }
    }

    /// What the planner would refuse at the first run (a what-to-show IB lacks for the kind, a contract without
    /// identity) is refused now, with status 2, and nothing is added.
    static func check(_ specs: [FollowSpec], now: Int64) throws {
        do {
            for spec in specs {
                // A start in the future is allowed (follow from tomorrow): check as if it had passed.
                let later = max(now, spec.dataFrom + 2 * 86_400)
                switch spec.series {
                case .bars(let barSize, let whatToShow):
                    _ = try Planner().check(
                        PlanRequest(
                            contracts: [spec.contract],
                            from: spec.dataFrom,
                            to: spec.dataFrom + 86_400,
                            barSize: barSize,
                            whatToShow: whatToShow,
                            useRTH: spec.useRTH
                        ),
                        now: later
                    )
                case .ticks(let tickType):
                    _ = try TickPlanner().check(
                        TickPlanRequest(
                            contracts: [spec.contract],
                            from: spec.dataFrom,
                            to: spec.dataFrom + 86_400,
                            tickType: tickType,
                            useRTH: spec.useRTH
                        ),
                        now: later
                    )
                }
            }
        } catch {
            CommandFailure.print(error.description)
            throw ExitCode(2)
        }
    }
}
