import ArgumentParser
import BackfillStore
import ChunkPlanning
import CommandCore
import Fleet
import Foundation
import Logging
import PQKit
import RedisKit
import TWSProtocol
import WorkQueue

/// `plan --ticks` and `enqueue --ticks`: the tick counterpart of the bar flow in ``PlanCommand`` and
/// ``EnqueueCommand``, with the same head-timestamp lookup and the same PostgreSQL-then-Redis order.
enum TickBackfillFlow {
    /// Prints the chains a tick backfill would start and the estimate; enqueues nothing.
    static func plan(
        _ request: TickPlanRequest,
        options: PlanOptions,
        json: Bool,
        settings: Settings,
        logger: Logger
    ) async throws {
        let now = try settings.now()
        let planner = TickPlanner(requestsPerMinute: options.pace)
        var request = request
        let contracts = try checked(request, planner: planner, now: now)
        let database = try? await PostgresConnection.connect(configuration: settings.database, logger: logger)
        let store = database.map { ChunkStore(database: $0) }
        var headNote = "not checked: --no-head-timestamps"
        if options.headTimestamps {
            let redis = try? await RedisConnection.connect(configuration: settings.redis, logger: logger)
            let resolution = await HeadTimestampLookup.resolve(
                request.asBarRequest,
                contracts: contracts,
                settings: settings,
                store: store,
                redis: redis,
                logger: logger
            )
            await redis?.close()
            request.headTimestamps = resolution.headTimestamps
            headNote = HeadTimestampLookup.summary(resolution)
        }
        let recorded = try? await recordedChains(request, planner: planner, now: now, store: store)
        let densities =
            (try? await store?.observedTickDensities(
                for: contracts,
                tickType: request.tickType,
                useRTH: request.useRTH
            )) ?? [:]
        await database?.close()
        let plan = try planned(request, planner: planner, now: now, recorded: recorded ?? [], densities: densities)
        if json {
            print(pagesJSON(plan.firstPages))
            return
        }
        print(
            "tick chains: \(plan.firstPages.count) session(s) for \(contracts.count) instrument(s), \(request.tickType) ticks, useRTH \(request.useRTH ? "on" : "off"); each chain pages through its session 1000 ticks per request"
        )
        print("left out —")
        print("  before IB's data (head timestamp, or older than IB keeps): \(plan.sessionsBeforeIBData) (\(headNote))")
        print("  not closed yet:                                          \(plan.sessionsNotClosed)")
        print(
            "  already recorded by an earlier backfill:                 \(plan.sessionsAlreadyRecorded)\(recorded == nil ? " (database not reachable: not checked)" : "")"
        )
        let estimate = plan.estimate
        print(
            "estimate (an estimate only: IB tells how many ticks there are by sending them): about \(estimate.ticks) ticks in \(estimate.requests) requests (pacing cost \(estimate.pacingCost))"
        )
        let sources = estimate.densitySources.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        print("  density per instrument: \(sources.joined(separator: ", "))")
        print("estimated time at \(options.pace) requests/minute: \(PlanJSON.duration(estimate.seconds))")
    }

    /// Records the tick backfill and its chains' first pages in PostgreSQL, then queues them; prints the id.
    static func enqueue(
        _ request: TickPlanRequest,
        options: PlanOptions,
        name: String?,
        priority: Int,
        settings: Settings,
        logger: Logger
    ) async throws {
        let now = try settings.now()
        let planner = TickPlanner(requestsPerMinute: options.pace)
        var request = request
        let contracts = try checked(request, planner: planner, now: now)
        let backfillID = request.backfillID
        try await FleetServices.with(settings, logger: logger) { services in
            if options.headTimestamps {
                let resolution = await HeadTimestampLookup.resolve(
                    request.asBarRequest,
                    contracts: contracts,
                    settings: settings,
                    store: services.store,
                    redis: services.queue.connection,
                    logger: logger
                )
                request.headTimestamps = resolution.headTimestamps
                FileHandleOutput.standardError("head timestamps: \(HeadTimestampLookup.summary(resolution))")
            }
            // Sessions recorded by another backfill are its chains; this backfill's own are found again (their
            // ids are the same) and queued again, which is a no-op for those Redis knows.
            let plan = try planned(request, planner: planner, now: now, recorded: [], densities: [:])
            let backfill = BackfillRecord(
                id: backfillID,
                name: name,
                barSize: "ticks",
                whatToShow: request.tickType.rawValue,
                useRTH: request.useRTH,
                rangeStart: request.from,
                rangeEnd: request.to,
                priority: priority
            )
            let recorded = try await services.store.record(backfill, tickPages: plan.firstPages)
            let queued: Int
            do {
                queued = try await services.push(recorded.newChunkIDs, backfillID: backfillID, priority: priority)
            } catch {
                CommandFailure.print(
                    "The tick backfill \(backfillID) is recorded in PostgreSQL with \(recorded.newChunkIDs.count) new chain(s), but queueing them in Redis failed: \(error) Nothing is lost: once Redis answers, run `backfill resume \(backfillID)` to queue them."
                )
                throw ExitCode.failure
            }
            FileHandleOutput.standardError(
                "tick backfill \(recorded.backfillCreated ? "created" : "already existed"): \(plan.firstPages.count) session chain(s) planned, \(recorded.newChunkIDs.count) new in PostgreSQL, \(queued) new in the queue; left out: \(plan.sessionsBeforeIBData) before IB's data, \(plan.sessionsNotClosed) not closed yet"
            )
            print(backfillID)
        }
    }

    private static func checked(_ request: TickPlanRequest, planner: TickPlanner, now: Int64) throws -> [Contract] {
        do {
            return try planner.check(request, now: now)
        } catch {
            CommandFailure.print(error.description)
            throw ExitCode(2)
        }
    }

    private static func planned(
        _ request: TickPlanRequest,
        planner: TickPlanner,
        now: Int64,
        recorded: Set<ChunkID>,
        densities: [Contract: Double]
    ) throws -> TickPlan {
        do {
            return try planner.plan(request, now: now, recordedChains: recorded, densities: densities)
        } catch {
            CommandFailure.print(error.description)
            throw ExitCode(2)
        }
    }

    /// The first pages of this plan that PostgreSQL already records; nil without a database.
    private static func recordedChains(
        _ request: TickPlanRequest,
        planner: TickPlanner,
        now: Int64,
        store: ChunkStore?
    ) async throws -> Set<ChunkID>? {
        guard let store else { return nil }
        let all = try planner.plan(request, now: now)
        return try await store.recordedChunkIDs(all.firstPages.map(\.id))
    }

    private static func pagesJSON(_ pages: [TickPage]) -> String {
        let objects: [[String: Any]] = pages.map { page in
            [
                "id": page.id.rawValue, "symbol": page.contract.symbol, "secType": page.contract.secType.rawValue,
                "exchange": page.contract.exchange, "tickType": page.tickType.rawValue, "useRTH": page.useRTH,
                "startDateTime": page.startDateTime, "sessionStart": page.start, "sessionEnd": page.sessionEnd,
            ]
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
