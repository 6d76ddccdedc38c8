import ArgumentParser
import BackfillCore
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
        let request = try plan.request()
        let backfillID = request.backfillID
        try await FleetServices.with(settings, logger: logger) { services in
            var covered = CoveredRanges()
            for contract in request.contracts {
                for range in try await services.store.coveredRanges(
                    contract: contract,
                    barSize: request.barSize.ibName,
                    whatToShow: request.whatToShow,
                    useRTH: request.useRTH
                ) {
                    covered.insert(
                        range,
                        contract: contract,
                        barSize: request.barSize,
                        whatToShow: request.whatToShow,
                        useRTH: request.useRTH
                    )
                }
            }
            let result: PlanResult
            do {
                result = try Planner().plan(request, now: Int64(Date().timeIntervalSince1970), covered: covered)
            } catch let error as PlanningError {
                CommandFailure.print(error.description)
                throw ExitCode(2)
            }
            let rows = result.chunks.map(\.row)
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
            let recorded = try await services.store.record(backfill, chunks: rows)
            let queued = try await services.push(
                rows.map {
                    ChunkStore.QueuedChunk(chunk: $0, backfillID: backfillID, priority: priority, state: .pending)
                }
            )
            FileHandleOutput.standardError(
                "backfill \(recorded.backfillCreated ? "created" : "already existed"): \(result.chunks.count) chunk(s) planned, \(recorded.newChunkIDs.count) new in PostgreSQL, \(queued) new in the queue"
            )
            print(backfillID)
        }
    }
}

extension PlannedChunk {
    /// The chunk as the store records it.
    var row: ChunkRow {
        ChunkRow(
            id: id.rawValue,
            contract: contract,
            barSize: barSize.ibName,
            whatToShow: whatToShow,
            useRTH: useRTH,
            endDateTime: endDateTime,
            duration: duration.text,
            windowStart: windowStart,
            windowEnd: windowEnd
        )
    }
}
