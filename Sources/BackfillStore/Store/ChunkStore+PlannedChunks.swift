import ChunkPlanning
import PQKit
import TWSProtocol

extension ChunkStore {
    /// What ``recordQueued(_:chunks:)`` did.
    public struct RecordedPlan: Sendable, Hashable {
        /// False when the backfill already existed (the same request was enqueued before).
        public var backfillCreated: Bool
        /// Chunks new to PostgreSQL; the others existed already (from this or another backfill).
        public var newChunks: Int
    }

    /// Writes a backfill and planned chunks (all of a plan, or one block of it) in one transaction, as queued, for
    /// a caller that pushes every one of them to Redis as soon as this returns (`backfill enqueue`, through
    /// `PlanEnqueuer`).
    ///
    /// Recording them queued rather than pending saves rewriting every row after the push (``markQueued(_:)``),
    /// which for a plan of half a million chunks cost as much as writing them. It keeps DESIGN invariant 1: a
    /// chunk is in PostgreSQL before it can be in Redis, and if the push never happens (Redis down, the process
    /// killed), `backfill resume` finds the chunks among the unfinished ones and queues them. Chunks that existed
    /// already and are not finished or cancelled are marked queued too, as ``markQueued(_:)`` did.
    ///
    /// The rows are written straight from the plan, so no second copy of the plan is made; the new ids are not
    /// read back, only their number, and the backfill's `chunk_count` grows by that number rather than being
    /// counted again.
    ///
    /// - Parameters:
    ///   - backfill: The backfill; left as it is if it exists.
    ///   - chunks: The plan's chunks.
    /// - Returns: Whether the backfill is new, and how many chunks are.
    /// - Throws: `PostgresError` (the transaction is rolled back: nothing is recorded).
    public func recordQueued(
        _ backfill: BackfillRecord,
        chunks: some Collection<PlannedChunk> & Sendable
    ) async throws -> RecordedPlan {
        // A plan lists each contract's chunks together, so comparing neighbours finds the contracts without
        // hashing one per chunk.
        var contracts: Set<Contract> = []
        var previous: Contract?
        for chunk in chunks where chunk.contract != previous {
            previous = chunk.contract
            contracts.insert(chunk.contract)
        }
        let written = try await record(backfill, contracts: contracts, state: .queued, returningIDs: false) {
            writer,
            instrumentIDs in
            // Likewise the instrument is looked up once per run of one contract's chunks.
            var current: (contract: Contract, id: Int64)?
            for chunk in chunks {
                let contract = chunk.contract
                if current?.contract != contract {
                    current = (contract, instrumentIDs[contract] ?? 0)
                }
                try writer.appendChunk(
                    id: chunk.id.rawValue,
                    instrumentID: current?.id ?? 0,
                    barSize: chunk.barSize.ibName,
                    whatToShow: chunk.whatToShow,
                    useRTH: chunk.useRTH,
                    endDateTime: chunk.endDateTime,
                    duration: chunk.duration.text,
                    windowStart: chunk.windowStart,
                    windowEnd: chunk.windowEnd,
                    chainID: nil,
                    pageIndex: nil
                )
            }
        }
        return RecordedPlan(backfillCreated: written.backfillCreated, newChunks: written.inserted)
    }
}
