import Logging
import RedisKit

extension WorkQueue {
    /// Moves every delayed chunk whose time has come to the ready queue.
    ///
    /// Claims already do this for up to ``Configuration/promoteOnClaim`` chunks each; run this periodically (the
    /// reaper does) so that due chunks show as ready in `status` even while no worker polls.
    ///
    /// - Returns: the ids of the promoted chunks.
    /// - Throws: ``WorkQueueError``; chunks promoted by earlier batches stay promoted.
    @discardableResult
    public func promote() async throws(WorkQueueError) -> [String] {
        let limit = configuration.maintenanceBatchSize
        var promoted: [String] = []
        while true {
            let batch = try await run(
                QueueScript.promote,
                keys: [keys[.records], keys[.delayed], keys[.ready], keys[.backlog], keys[.sequence]],
                arguments: [limit]
            ).elements()
            for id in batch { promoted.append(try id.text()) }
            if batch.count < limit { break }
        }
        if !promoted.isEmpty { logger.debug("Promoted delayed chunks", metadata: ["count": "\(promoted.count)"]) }
        return promoted
    }

    /// Takes back every chunk whose lease ran out (its worker died or hung).
    ///
    /// Each reaped chunk spends one attempt: it goes back to the ready queue, or to the dead zset once
    /// ``Configuration/maxAttempts`` is reached (a chunk that kills every worker that takes it must not cycle
    /// forever). Chunks of a cancelled backfill become cancelled. Safe to run from several processes at once.
    ///
    /// - Returns: the reaped chunks and where each went.
    /// - Throws: ``WorkQueueError``; chunks reaped by earlier batches stay reaped.
    @discardableResult
    public func reap() async throws(WorkQueueError) -> [ReapedChunk] {
        let limit = configuration.maintenanceBatchSize
        var reaped: [ReapedChunk] = []
        while true {
            let flat = try await run(
                QueueScript.reap,
                keys: [keys[.records], keys[.inFlight], keys[.ready], keys[.dead], keys[.backlog], keys[.sequence]],
                arguments: [configuration.maxAttempts, limit]
            ).elements()
            for index in stride(from: 0, to: flat.count - 1, by: 2) {
                let id = try flat[index].text()
                let stateName = try flat[index + 1].text()
                guard let state = QueueState(rawValue: stateName) else {
                    throw WorkQueueError(.unexpectedReply, "The reap script answered the unknown state '\(stateName)'.")
                }
                reaped.append(ReapedChunk(id: id, state: state))
            }
            if flat.count / 2 < limit { break }
        }
        if !reaped.isEmpty { logger.debug("Reaped expired leases", metadata: ["count": "\(reaped.count)"]) }
        return reaped
    }

    /// Reads one chunk's record, or nil if Redis does not know the chunk.
    ///
    /// - Throws: ``WorkQueueError``.
    public func record(of chunkID: String) async throws(WorkQueueError) -> ChunkRecord? {
        let reply: RedisReply
        do {
            reply = try await connection.send("HGET", keys[.records], chunkID)
        } catch {
            throw WorkQueueError(redis: error, during: "record lookup")
        }
        if reply.isNull { return nil }
        return try RedisScriptReply<WorkQueueError>(reply, script: "HGET").record()
    }
}
