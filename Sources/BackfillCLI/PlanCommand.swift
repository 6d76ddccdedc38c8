import ArgumentParser
import BackfillStore
import ChunkPlanning
import CommandCore
import Fleet
import Foundation
import PQKit
import RedisKit
import TWSProtocol

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the chunks (one IB request each) a backfill would need, and what the planner saved.",
        discussion: """
            Uses PostgreSQL, when reachable, to skip ranges that earlier backfills already fetched, and the gateway \
            (IBKR_HOST:IBKR_PORT, paced through Redis), when reachable, to skip time before IB's earliest data for \
            each instrument; those head timestamps are cached in PostgreSQL. Enqueues nothing.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var plan: PlanOptions

    @Flag(help: "Print the chunks as JSON instead of the summary.")
    var json = false

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        if let ticks = try plan.tickRequest() {
            try await TickBackfillFlow.plan(ticks, options: plan, json: json, settings: settings, logger: logger)
            return
        }
        var request = try plan.request()
        let now = try settings.now()
        var planner = Planner(configuration: Planner.Configuration(requestsPerMinute: plan.pace))
        let contracts: [Contract]
        do {
            contracts = try planner.check(request, now: now)
        } catch {
            CommandFailure.print(error.description)
            throw ExitCode(2)
        }
        // Incremental planning needs the record of done chunks; without a database the plan is complete but
        // may repeat work already done.
        var covered = CoveredRanges()
        var usedDatabase = false
        let database = try? await PostgresConnection.connect(configuration: settings.database, logger: logger)
        let store = database.map { ChunkStore(database: $0) }
        var headTimestamps: HeadTimestampResolution?
        if plan.headTimestamps {
            let redis = try? await RedisConnection.connect(configuration: settings.redis, logger: logger)
            let resolution = await HeadTimestampLookup.resolve(
                request,
                contracts: contracts,
                settings: settings,
                store: store,
                redis: redis,
                logger: logger
            )
            await redis?.close()
            request.headTimestamps = resolution.headTimestamps
            headTimestamps = resolution
        }
        if let store, let ranges = try? await store.coveredRanges(for: request) {
            covered = ranges
            usedDatabase = true
        }
        // The sizes gateways taught the fleet, so the preview shows what `enqueue` would record.
        if let database, let learned = try? await RequestSizeStore(database: database).limits() {
            var configuration = planner.configuration
            configuration.learnedSizes = learned
            planner = Planner(configuration: configuration)
        }
        await database?.close()
        let result: PlanResult
        do {
            result = try planner.plan(request, now: now, covered: covered)
        } catch {
            CommandFailure.print(error.description)
            throw ExitCode(2)
        }
        if json {
            print(PlanJSON.text(result.chunks))
            return
        }
        let savings = result.savings
        print(
            "chunks: \(result.chunks.count) IB requests for \(request.contracts.count) instrument(s), \(request.barSize.ibName) \(request.whatToShow), useRTH \(request.useRTH ? "on" : "off")"
        )
        print("saved: \(savings.total) of \(savings.fixedSpanRequests) fixed-span requests —")
        print("  closed days, weekends and holidays: \(savings.closedPeriods)")
        print("  small bars older than six months:  \(savings.smallBarHistoryLimit)")
        let headNote = headTimestamps.map(HeadTimestampLookup.summary) ?? "not checked: --no-head-timestamps"
        print(
            "  before IB's head timestamp:         \(savings.headTimestamp)\(headNote.isEmpty ? "" : " (\(headNote))")"
        )
        print(
            "  already fetched by earlier chunks:  \(savings.alreadyCovered)\(usedDatabase ? "" : " (database not reachable: not checked)")"
        )
        print("expected bars: \(result.estimate.expectedBars)")
        print("estimated time at \(plan.pace) requests/minute: \(PlanJSON.duration(result.estimate.seconds))")
    }
}

/// Plan output formats.
enum PlanJSON {
    static func text(_ chunks: [PlannedChunk]) -> String {
        let objects: [[String: Any]] = chunks.map { chunk in
            [
                "id": chunk.id.rawValue, "symbol": chunk.contract.symbol, "secType": chunk.contract.secType.rawValue,
                "exchange": chunk.contract.exchange, "localSymbol": chunk.contract.localSymbol,
                "barSize": chunk.barSize.ibName, "whatToShow": chunk.whatToShow, "useRTH": chunk.useRTH,
                "endDateTime": chunk.endDateTime, "duration": chunk.duration.text,
                "windowStart": chunk.windowStart, "windowEnd": chunk.windowEnd, "expectedBars": chunk.expectedBars,
            ]
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func duration(_ seconds: Int64) -> String {
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 { return "\(seconds / 60) min" }
        if seconds < 86400 { return "\(seconds / 3600) h \(seconds % 3600 / 60) min" }
        return "\(seconds / 86400) d \(seconds % 86400 / 3600) h"
    }
}
