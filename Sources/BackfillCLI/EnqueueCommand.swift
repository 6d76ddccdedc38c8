import ArgumentParser
import BackfillStore
import ChunkPlanning
import CommandCore
import Fleet
import Foundation
import TWSProtocol
import WorkQueue

struct EnqueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enqueue",
        abstract: "Plan a backfill, record it in PostgreSQL and queue its chunks in Redis; prints the backfill id.",
        discussion: "Enqueueing the same request again creates nothing new; ranges already fetched are skipped."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var plan: PlanOptions

    @Option(help: "A name to recognise the backfill by in status output.")
    var name: String?

    @Option(
        parsing: .unconditional,
        help: "Higher is served first (\(WorkQueue.priorityRange.lowerBound)...\(WorkQueue.priorityRange.upperBound))."
    )
    var priority = 0

    func validate() throws {
        guard WorkQueue.priorityRange.contains(priority) else {
            throw ValidationError("--priority must be within \(WorkQueue.priorityRange).")
        }
    }

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        if let ticks = try plan.tickRequest() {
            try await TickBackfillFlow.enqueue(
                ticks,
                options: plan,
                name: name,
                priority: priority,
                settings: settings,
                logger: logger
            )
            return
        }
        var request = try plan.request()
        let backfillID = request.backfillID
        let now = try settings.now()
        let planner = Planner()
        let contracts: [Contract]
        do {
            contracts = try planner.check(request, now: now)
        } catch {
            CommandFailure.print(error.description)
            throw ExitCode(2)
        }
        try await FleetServices.with(settings, logger: logger) { services in
            if plan.headTimestamps {
                // Enqueueing often comes before the gateway runs: then the chunks are planned without head
                // timestamps, and those before IB's data come back empty.
                let resolution = await HeadTimestampLookup.resolve(
                    request,
                    contracts: contracts,
                    settings: settings,
                    store: services.store,
                    redis: services.queue.connection,
                    logger: logger
                )
                request.headTimestamps = resolution.headTimestamps
                FileHandleOutput.standardError("head timestamps: \(HeadTimestampLookup.summary(resolution))")
            }
            let covered = try await services.store.coveredRanges(for: request)
            // Sizes gateways taught the fleet (a stricter gateway refused, timed out on or cut short larger requests).
            let learned = try await RequestSizeStore(database: services.store.database).limits()
            let result: PlanResult
            do {
                result = try Planner(configuration: Planner.Configuration(learnedSizes: learned))
                    .plan(request, now: now, covered: covered)
            } catch let error as PlanningError {
                CommandFailure.print(error.description)
                throw ExitCode(2)
            }
            let backfill = BackfillRecord(
                id: backfillID,
                name: name,
                barSize: request.barSize.ibName,
                whatToShow: request.whatToShow,
                useRTH: request.useRTH,
                rangeStart: request.from,
                rangeEnd: request.to,
                priority: priority
            )
            let outcome: PlanEnqueuer.Outcome
            do {
                // Each block of chunks is recorded (as queued) before it is pushed; see PlanEnqueuer.
                outcome = try await PlanEnqueuer(store: services.store, queue: services.queue)
                    .enqueue(backfill, chunks: result.chunks, priority: priority)
            } catch let failure as PlanEnqueuer.PushFailure {
                // PostgreSQL holds the backfill and its chunks (the system of record); only the queue is missing.
                // Say so, and how to finish, rather than leave a backfill that looks active and never moves.
                CommandFailure.print(
                    "The backfill \(backfillID) is recorded in PostgreSQL with \(result.chunks.count) chunk(s), but queueing them in Redis failed: \(failure.underlying) Nothing is lost: once Redis answers, run `backfill resume \(backfillID)` to queue them."
                )
                throw ExitCode.failure
            }
            FileHandleOutput.standardError(
                "backfill \(outcome.backfillCreated ? "created" : "already existed"): \(result.chunks.count) chunk(s) planned, \(outcome.newChunks) new in PostgreSQL, \(outcome.queued) new in the queue"
            )
            print(backfillID)
        }
    }
}
