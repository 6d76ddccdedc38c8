import BackfillStore
import ChunkPlanning
import PQKit
import WorkQueue

/// One run of one subscription: plan what is missing up to a close, record it, push it, record the run.
struct FollowRun {
    let follow: FollowRecord
    let schedule: SessionCloseSchedule
    /// The latest session whose close plus the delay has passed.
    let due: Range<Int64>
    /// Market time.
    let now: Int64

    /// Runs it.
    ///
    /// - Returns: What it did, or `nil` when the lease was lost before the run could be recorded (its chunks are
    ///   recorded and queued; the next active scheduler finds them planned and does not plan them again).
    /// - Throws: ``PlanningError`` when the planner refuses the subscription; PostgreSQL and Redis errors.
    func run(database: any PostgresClient, queue: WorkQueue, lease: SchedulerLease) async throws -> FollowRunOutcome? {
        let spec = follow.spec
        let store = ChunkStore(database: database)
        var outcome = FollowRunOutcome(followID: follow.id, close: due.upperBound, enqueued: 0, queued: 0)
        if spec.dataFrom < due.upperBound {
            let backfill = BackfillRecord(
                id: follow.id,
                name: "follow \(spec.symbol) \(spec.series)\(spec.useRTH ? " RTH" : "")",
                barSize: spec.series.barSizeText,
                whatToShow: spec.series.whatToShowText,
                useRTH: spec.useRTH,
                rangeStart: spec.dataFrom,
                rangeEnd: due.upperBound,
                priority: spec.priority
            )
            // IB's earliest data, when a backfill or `enqueue` cached it: nothing before it is asked for.
            let head = try await store.cachedHeadTimestamps(
                for: [spec.contract],
                whatToShow: spec.series.whatToShowText,
                useRTH: spec.useRTH
            )[spec.contract]?.headTime
            switch spec.series {
            case .bars:
                let plan = try FollowRunPlan.bars(
                    spec,
                    through: due.upperBound,
                    revisitFrom: revisitFrom,
                    planned: try await store.coveredRanges(
                        contract: spec.contract,
                        barSize: spec.series.barSizeText,
                        whatToShow: spec.series.whatToShowText,
                        useRTH: spec.useRTH,
                        including: .planned
                    ),
                    headTimestamp: head,
                    now: now,
                    // Sizes gateways taught the fleet: a follow never asks for what was refused before.
                    planner: Planner(
                        configuration: Planner.Configuration(
                            learnedSizes: try await RequestSizeStore(database: database).limits()
                        )
                    )
                )
                if !plan.chunks.isEmpty {
                    _ = try await store.record(backfill, chunks: plan.chunks.map(ChunkRow.init))
                }
                outcome.revisited = plan.revisited
            case .ticks(let tickType):
                let request = TickPlanRequest(
                    contracts: [spec.contract],
                    from: spec.dataFrom,
                    to: due.upperBound,
                    tickType: tickType,
                    useRTH: spec.useRTH,
                    headTimestamps: head.map { [spec.contract: $0] } ?? [:]
                )
                let planner = TickPlanner()
                // Chains already recorded (by this subscription or any backfill) are not started again.
                let every = try planner.plan(request, now: now)
                let recorded = try await store.recordedChunkIDs(every.firstPages.map(\.id))
                let plan = try planner.plan(request, now: now, recordedChains: recorded)
                if !plan.firstPages.isEmpty {
                    _ = try await store.record(backfill, tickPages: plan.firstPages)
                }
            }
        }
        // Everything of this subscription recorded but never pushed: this run's chunks, and any of an earlier run
        // whose push failed (Redis was down).
        let pending = try await store.pendingChunkIDs(backfillID: follow.id)
        outcome.enqueued = pending.count
        if !pending.isEmpty {
            outcome.queued = try await queue.enqueue(pending, backfillID: follow.id, priority: spec.priority)
            try await store.markQueued(pending)
        }
        guard
            try await FollowStore(database: database).recordRun(
                follow.id,
                close: due.upperBound,
                enqueued: outcome.enqueued,
                lease: lease
            )
        else { return nil }
        return outcome
    }

    /// The open of the first session fetched again, or `nil` without a revisit window.
    private var revisitFrom: Int64? {
        guard follow.spec.revisitSessions > 0 else { return nil }
        return schedule.sessions(count: follow.spec.revisitSessions, endingBy: due.lowerBound).first?.lowerBound
    }
}
