import BackfillStore
import ChunkPlanning
import Logging
import TWSClient
import TWSProtocol
import WorkQueue

/// Adaptive request size (issue 16): a bar chunk of 30-second bars or smaller that its gateway refuses for its
/// size or does not answer in time is split in two (``ChunkSplit/halves(end:duration:barSize:)``); one answered cut
/// short keeps its bars and is followed by chunks for the front it lacked. What was learned caps later chunks of the
/// same bar size and instrument kind before any request is spent on them. Larger bars and chunks without an end
/// time ("now") are never split.
extension ChunkRunner {
    /// The key a chunk's size is learned under, or `nil` when it is never split.
    static func splitKey(_ chunk: ChunkRow) -> RequestSizeKey? {
        guard chunk.barSize.seconds <= 30, !chunk.endDateTime.isEmpty else { return nil }
        return RequestSizeKey(barSize: chunk.barSize, secType: chunk.contract.secType, useRTH: chunk.useRTH)
    }

    /// Why a failed request looks too large for its gateway, or `nil` when the failure has nothing to do with its
    /// size: IB's "Time length exceed max" (162), a 321 about the duration, or no answer within the timeout.
    static func oversizeReason(_ error: TWSClientError) -> String? {
        if error.code == .requestTimedOut { return "no answer within the request timeout" }
        guard let ib = error.ibError else { return nil }
        let text = ib.message.lowercased()
        if ib.code == 162 && text.contains("time length exceed") { return ib.message }
        if ib.code == 321 && (text.contains("duration") || text.contains("greater than")) { return ib.message }
        return nil
    }

    /// Splits a chunk larger than what its kind is known to take, without asking IB; `nil` when it fits.
    func splitIfKnownTooLarge(_ claimed: ClaimedChunk, chunk: ChunkRow, _ logger: Logger) async -> ChunkOutcome? {
        guard let key = Self.splitKey(chunk), let cap = await requestSizes.limits().cap(for: key),
            let pieces = ChunkSplit.pieces(
                end: chunk.windowEnd,
                duration: chunk.duration,
                barSize: chunk.barSize,
                maxSeconds: cap
            )
        else { return nil }
        let reason = "Split before sending: \(key) requests of more than \(cap) s were refused, timed out or cut short."
        return await split(claimed, chunk: chunk, into: pieces, reason: reason, logger)
    }

    /// Splits a chunk in two after its request failed for its size, and remembers the size; `nil` when it cannot
    /// be split (too small, a large bar, no end time), so the failure takes its ordinary course.
    func splitAfterOversize(
        _ claimed: ClaimedChunk,
        chunk: ChunkRow,
        reason: String,
        _ logger: Logger
    ) async -> ChunkOutcome? {
        guard let key = Self.splitKey(chunk),
            let halves = ChunkSplit.halves(end: chunk.windowEnd, duration: chunk.duration, barSize: chunk.barSize)
        else { return nil }
        await requestSizes.refused(key, seconds: chunk.duration.seconds, reason: reason, logger)
        return await split(claimed, chunk: chunk, into: halves, reason: "Split after: \(reason)", logger)
    }

    /// The chunks that fetch the front of a chunk's window when its reply looks cut short
    /// (``ChunkPlanning/TruncatedReply``), or `nil` when it does not.
    ///
    /// The reply's bars are kept (the chunk is done with them): only `[windowStart, first bar)` is asked for
    /// again, so nothing is fetched twice, and a trading halt or a late listing, which look the same, cost one
    /// request that comes back empty. In pieces of at most a day; learned caps split them further before they
    /// are sent.
    static func cutShortFollowUps(of chunk: ChunkRow, barStarts: [Int64]) -> [ChunkRow]? {
        guard splitKey(chunk) != nil, let first = barStarts.min(),
            TruncatedReply.detect(
                contract: chunk.contract,
                barSize: chunk.barSize,
                useRTH: chunk.useRTH,
                window: chunk.windowStart..<chunk.windowEnd,
                barStarts: barStarts
            )
        else { return nil }
        let step = Int64(chunk.barSize.seconds)
        let length = (first - chunk.windowStart) / step * step
        guard length >= step else { return nil }
        let end = chunk.windowStart + length
        let whole = ChunkPiece(end: end, duration: .seconds(Int(length)))
        let pieces =
            ChunkSplit.pieces(end: end, duration: whole.duration, barSize: chunk.barSize, maxSeconds: 86_400) ?? [whole]
        return pieces.map { row(of: chunk, $0) }
    }

    /// After the earliest follow-up of a reply cut short stored bars: the gateway did leave out data it had, so
    /// the cut chunk's size is remembered as refused.
    func confirmCutShort(_ item: ChunkWorkItem, chunk: ChunkRow, _ logger: Logger) async {
        guard item.splitFrom != nil, let key = Self.splitKey(chunk),
            let parent = try? await ledger.store.cutShortParentDuration(ofFollowUp: chunk.id)
        else { return }
        let reason = "a reply of \(parent) was cut short (the part it lacked has bars)"
        await requestSizes.refused(key, seconds: parent.seconds, reason: reason, logger)
    }

    /// A chunk PostgreSQL already has as split (its push was lost, or `resume` queued it): queue its unfinished
    /// children in its place.
    func resumeSplit(_ claimed: ClaimedChunk, _ logger: Logger) async -> ChunkOutcome {
        let stored = await storeWithRetries(claimed, "split", logger) {
            try await ledger.store.split(claimed.id, into: [], reason: "")
        }
        guard case .stored(let outcome) = stored else {
            if case .handedBack(let outcome) = stored { return outcome }
            return .dropped
        }
        return await ledger.split(claimed, into: outcome.childIDs, logger)
    }

    /// Records the children and the parent's new state in PostgreSQL, then swaps them in the queue.
    private func split(
        _ claimed: ClaimedChunk,
        chunk: ChunkRow,
        into pieces: [ChunkPiece],
        reason: String,
        _ logger: Logger
    ) async -> ChunkOutcome {
        let children = pieces.map { Self.row(of: chunk, $0) }
        let stored = await storeWithRetries(claimed, "split", logger) {
            try await ledger.store.split(claimed.id, into: children, reason: reason)
        }
        let outcome: ChunkSplitOutcome
        switch stored {
        case .handedBack(let handedBack): return handedBack
        case .stored(let value): outcome = value
        }
        guard outcome.isSplit else {
            // Finished or cancelled meanwhile (a redelivery raced with us): nothing to split.
            await ledger.ack(claimed, logger)
            return .alreadyFinished
        }
        logger.info(
            "Chunk split",
            metadata: ["children": "\(children.count)", "duration": "\(chunk.duration)", "reason": "\(reason)"]
        )
        return await ledger.split(claimed, into: outcome.childIDs, logger)
    }

    /// A chunk of `chunk`'s series for one piece of its window.
    static func row(of chunk: ChunkRow, _ piece: ChunkPiece) -> ChunkRow {
        ChunkRow(
            PlannedChunk(
                contract: chunk.contract,
                barSize: chunk.barSize,
                whatToShow: chunk.whatToShow,
                useRTH: chunk.useRTH,
                endDateTime: PlannedChunk.endDateTimeText(piece.end),
                duration: piece.duration,
                windowEnd: piece.end,
                expectedBars: 0
            )
        )
    }
}
