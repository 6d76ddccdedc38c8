import BackfillStore
import BarValidation
import ChunkPlanning
import GlobalPacer
import Logging
import TWSClient
import TWSProtocol
import WorkQueue

extension ChunkRunner {
    /// IB's most ticks per `reqHistoricalTicks` request (ib-protocol.md §2.1).
    static let ticksPerPage = 1_000

    /// Takes one page of a tick chain through the pipeline: request, validate, store with the next page, queue the
    /// next page, ack.
    ///
    /// The next page is queued before this one is acked: should the worker die in between, this page comes back,
    /// finds itself finished, and queues its recorded next page again (queueing is idempotent).
    func runTickPage(
        _ claimed: ClaimedChunk,
        item: ChunkWorkItem,
        page: TickPage,
        _ logger: Logger
    ) async -> ChunkOutcome {
        var logger = logger
        logger[metadataKey: "page"] = "\(page.pageIndex)"
        switch item.state {
        case .done, .empty:
            let next: String?
            do {
                next = try await tickStore.recordedNext(of: page)
            } catch {
                return await ledger.handBack(
                    claimed,
                    after: configuration.outageRetryDelay,
                    "PostgreSQL: \(error)",
                    logger
                )
            }
            return await queueNext(next, andAck: claimed, outcome: .alreadyFinished, logger)
        case .cancelled:
            await ledger.ack(claimed, logger)
            return .dropped
        default:
            break
        }
        if claimed.record.cancelRequested {
            await ledger.ack(claimed, logger)
            return .dropped
        }
        let connection: TWSConnection
        do {
            connection = try await session.ready()
        } catch {
            return await ledger.handBack(claimed, after: .zero, "worker stopping", logger)
        }
        logger[metadataKey: "clientId"] = "\(connection.configuration.clientID)"
        await ledger.markRunning(claimed, clientID: connection.configuration.clientID, logger)

        let request = PacedRequest(
            kind: .historicalTicks,
            contractKey: page.contract.pacerKey,
            exchange: page.contract.exchange,
            whatToShow: page.tickType.rawValue,
            identity: claimed.id
        )
        let fetched = await fetch(claimed, request: request, connection: connection, logger) { _ in
            await store(claimed, item: item, page: page, ticks: [], next: nil, anomalies: 0, logger)
        } send: { gate in
            try await connection.historicalTicks(
                contract: page.contract,
                startDateTime: page.startDateTime,
                count: Self.ticksPerPage,
                whatToShow: page.tickType.rawValue,
                useRTH: page.useRTH,
                timeout: configuration.requestTimeout,
                gate: gate
            )
        }
        let answer: [HistoricalTick]
        switch fetched {
        case .answered(let ticks, _):
            answer = ticks
        case .finished(let outcome):
            return outcome
        }
        _ = try? await pacer.reportSuccess()

        var (ticks, anomalies) = TickValidator(
            pageStart: page.start,
            sessionEnd: page.sessionEnd,
            kind: page.tickType.replyKind
        ).validate(answer)
        let boundary = TickPageBoundary(after: page, tickTimes: answer.map(\.time), requested: Self.ticksPerPage)
        if boundary.mayHaveTruncatedSecond { anomalies.possiblyTruncatedSecond = 1 }
        if anomalies.total > 0 {
            logger.warning(
                "Anomalies in the ticks IB sent",
                metadata: ["anomalies": "\(anomalies)", "ticks": "\(answer.count)"]
            )
        }
        let next = boundary.nextStart.map(page.next(startingAt:))
        return await store(
            claimed,
            item: item,
            page: page,
            ticks: ticks,
            next: next,
            anomalies: anomalies.total,
            logger
        )
    }

    /// Stores the page with its next page in one transaction, then queues the next page and acks this one.
    private func store(
        _ claimed: ClaimedChunk,
        item: ChunkWorkItem,
        page: TickPage,
        ticks: [StoredTick],
        next: TickPage?,
        anomalies: Int,
        _ logger: Logger
    ) async -> ChunkOutcome {
        let stored = await storeWithRetries(claimed, "ticks", logger) {
            try await tickStore.commit(
                page,
                instrumentID: item.instrumentID,
                ticks: ticks,
                next: next,
                anomalyCount: anomalies
            )
        }
        let outcome: TickStore.CommitOutcome
        switch stored {
        case .stored(let committed): outcome = committed
        case .handedBack(let handedBack): return handedBack
        }
        logger.debug("Tick page stored", metadata: ["ticks": "\(ticks.count)", "next": "\(outcome.next ?? "none")"])
        let result: ChunkOutcome
        switch outcome {
        case .committed(let state, let count, _):
            result = state == .empty ? .empty : .pageDone(ticks: count)
        case .alreadyFinished:
            result = .alreadyFinished
        }
        return await queueNext(outcome.next, andAck: claimed, outcome: result, logger)
    }

    /// Queues a chain's next page (with this page's backfill and priority), then acks this page. If Redis fails,
    /// this page is handed back instead of acked, so it returns, finds itself finished and tries again.
    private func queueNext(
        _ next: String?,
        andAck claimed: ClaimedChunk,
        outcome: ChunkOutcome,
        _ logger: Logger
    ) async -> ChunkOutcome {
        if let next {
            do {
                try await ledger.queue.enqueue(
                    [next],
                    backfillID: claimed.record.backfillID,
                    priority: claimed.record.priority
                )
            } catch {
                return await ledger.handBack(
                    claimed,
                    after: configuration.outageRetryDelay,
                    "queueing the next page failed: \(error)",
                    logger
                )
            }
            try? await ledger.store.markQueued([next])
        }
        await ledger.ack(claimed, logger)
        return outcome
    }
}

extension TickType {
    /// The reply message that carries this tick type (IN 98, 97 or 96).
    var replyKind: HistoricalTick.Kind {
        switch self {
        case .trades: .trade
        case .bidAsk: .bidAsk
        case .midpoint: .midpoint
        }
    }
}
