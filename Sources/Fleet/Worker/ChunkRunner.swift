import BackfillStore
import BarValidation
import ChunkPlanning
import GlobalPacer
import Logging
import PQKit
import TWSClient
import TWSProtocol
import WorkQueue

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Takes one claimed chunk through the pipeline: check Postgres, ask the pacer, request, validate, store, ack.
///
/// Every path ends with the chunk acked, failed (retry or dead letter, classified as DESIGN invariant 6 says) or
/// handed back without penalty, and with Postgres's chunk state mirroring that. Nothing here throws: a Redis or
/// Postgres outage hands the chunk back (or, if even that fails, leaves it to its lease and the reaper), so the
/// worker keeps running and nothing is lost.
struct ChunkRunner: Sendable {
    let ledger: ChunkLedger
    let barStore: BarStore
    let tickStore: TickStore
    let pacer: GlobalPacer
    let session: GatewaySession
    let configuration: WorkerConfiguration
    let metrics: WorkerMetrics?
    let logger: Logger
    /// What gateways taught about request sizes (``ChunkRunner/splitIfKnownTooLarge(_:chunk:_:)``).
    let requestSizes: RequestSizeMemory

    private var store: ChunkStore { ledger.store }

    func run(_ claimed: ClaimedChunk) async -> ChunkOutcome {
        var logger = logger
        logger[metadataKey: "chunk"] = "\(claimed.id)"
        logger[metadataKey: "backfill"] = "\(claimed.record.backfillID)"
        let item: ChunkWorkItem
        do {
            guard let found = try await store.workItem(id: claimed.id) else {
                logger.error("The chunk is not in PostgreSQL; dead-lettering it")
                return await ledger.fail(
                    claimed,
                    as: .permanent,
                    code: nil,
                    "The chunk is not recorded in PostgreSQL.",
                    logger
                )
            }
            item = found
        } catch let error as PostgresError where error.code == .decoding {
            // The row holds a request IB would refuse (not the planner's): not worth one of the fleet's slots, and
            // not better next time.
            return await ledger.fail(claimed, as: .permanent, code: nil, error.message, logger)
        } catch {
            return await ledger.handBack(claimed, after: configuration.outageRetryDelay, "PostgreSQL: \(error)", logger)
        }
        let chunk: ChunkRow
        switch item.request {
        case .ticks(let page):
            return await runTickPage(claimed, item: item, page: page, logger)
        case .bars(let row):
            chunk = row
        }
        switch item.state {
        case .done, .empty:
            // A redelivery (e.g. the ack was lost): the work is in Postgres already, so IB is not asked again. Its
            // follow-ups (a reply cut short) may not be queued yet: they take its place.
            if let followUps = try? await store.unfinishedChildren(of: claimed.id), !followUps.isEmpty {
                _ = await ledger.split(claimed, into: followUps, logger)
                return .alreadyFinished
            }
            await ledger.ack(claimed, logger)
            return .alreadyFinished
        case .cancelled:
            await ledger.ack(claimed, logger)
            return .dropped
        case .split:
            return await resumeSplit(claimed, logger)
        default:
            break
        }
        if claimed.record.cancelRequested {
            await ledger.ack(claimed, logger)
            return .dropped
        }
        if let outcome = await splitIfKnownTooLarge(claimed, chunk: chunk, logger) {
            return outcome
        }

        let connection: TWSConnection
        do {
            connection = try await session.ready()
        } catch {
            return await ledger.handBack(claimed, after: .zero, "worker stopping", logger)
        }
        let clientID = connection.configuration.clientID
        logger[metadataKey: "clientId"] = "\(clientID)"
        await ledger.markRunning(claimed, clientID: clientID, logger)

        let answer: HistoricalBars
        let sentAt: Int64
        let request = PacedRequest(
            kind: .historicalData(barSizeSeconds: chunk.barSize.seconds),
            contractKey: chunk.contract.pacerKey,
            exchange: chunk.contract.exchange,
            whatToShow: chunk.whatToShow,
            identity: claimed.id
        )
        let fetched = await fetch(
            claimed,
            request: request,
            connection: connection,
            logger,
            onOversize: { reason in await splitAfterOversize(claimed, chunk: chunk, reason: reason, logger) },
            onEmpty: { notice in await commit(claimed, item: item, bars: [], anomalies: 0, noData: notice, logger) },
            send: { gate in
                try await connection.historicalBars(
                    contract: chunk.contract,
                    endDateTime: chunk.endDateTime,
                    duration: chunk.duration.text,
                    barSize: chunk.barSize.ibName,
                    whatToShow: chunk.whatToShow,
                    useRTH: chunk.useRTH,
                    timeout: configuration.requestTimeout,
                    gate: gate
                )
            }
        )
        switch fetched {
        case .answered(let bars, let at):
            (answer, sentAt) = (bars, at)
        case .finished(let outcome):
            return outcome
        }
        _ = try? await pacer.reportSuccess()

        // Chunks sent with an empty end time ("now": continuous futures) get bars up to the moment they were sent.
        let validated = BarValidator(chunk: chunk, sentAt: sentAt).validate(answer.bars)
        if validated.anomalies.total > 0 {
            logger.warning(
                "Anomalies in the bars IB sent",
                metadata: ["anomalies": "\(validated.anomalies)", "bars": "\(answer.bars.count)"]
            )
        }
        if let reason = validated.unusableReason {
            return await ledger.fail(claimed, as: .transient, code: nil, "Unusable data: \(reason)", logger)
        }
        // A reply cut short: its bars are kept, and chunks for the front it lacked follow, recorded first.
        var followUps: [String] = []
        if let rows = Self.cutShortFollowUps(of: chunk, barStarts: validated.bars.map(\.start)) {
            let recorded = await storeWithRetries(claimed, "follow-ups", logger) {
                try await store.recordFollowUps(of: claimed.id, rows)
            }
            switch recorded {
            case .handedBack(let outcome): return outcome
            case .stored(let ids): followUps = ids
            }
            logger.notice(
                "The reply looks cut short; its front follows as new chunks",
                metadata: ["bars": "\(validated.bars.count)", "followUps": "\(rows.count)"]
            )
        }
        let outcome = await commit(
            claimed,
            item: item,
            bars: validated.bars,
            anomalies: validated.anomalies.total,
            followUps: followUps,
            logger
        )
        if case .done(let bars) = outcome, let key = Self.splitKey(chunk) {
            await requestSizes.worked(key, seconds: chunk.duration.seconds, logger)
            if bars > 0 { await confirmCutShort(item, chunk: chunk, logger) }
        }
        return outcome
    }

    /// What asking IB for a chunk's bars or ticks came to.
    enum Fetched<Answer: Sendable> {
        /// IB answered; `sentAt` is when the request went out (epoch seconds).
        case answered(Answer, sentAt: Int64)
        /// The chunk's run is over (failed, handed back…) with this outcome.
        case finished(ChunkOutcome)
    }

    /// Paces and sends the chunk's request, and tells the pacer when it was really written.
    ///
    /// A permit whose request could not be written before its send deadline (the process was starved or paused
    /// between permit and send) goes back whole and a new one is asked for, a few times before the chunk is
    /// handed back: a request IB might count late is never sent.
    ///
    /// - Parameters:
    ///   - onOversize: What to do when the request failed for its size (IB's reason); `nil` lets the failure take
    ///     its ordinary course.
    ///   - onEmpty: What to do when IB says it has no data (the chunk is stored as empty, with IB's answer).
    ///   - send: Sends the request through the gate and waits for its answer.
    func fetch<Answer: Sendable>(
        _ claimed: ClaimedChunk,
        request: PacedRequest,
        connection: TWSConnection,
        _ logger: Logger,
        onOversize: (String) async -> ChunkOutcome? = { _ in nil },
        onEmpty: (IBNotice) async -> ChunkOutcome,
        send: @escaping @Sendable (SendGate) async throws -> Answer
    ) async -> Fetched<Answer> {
        var sentAt: Int64 = 0
        var requestStarted = ContinuousClock.now
        let sent = await PacedSend<Answer>.run(pacer: pacer) {
            let waitStarted = ContinuousClock.now
            let permit = try await pacer.acquire(request)
            metrics?.pacerWaited(ContinuousClock.now - waitStarted)
            return permit
        } send: { gate in
            if configuration.sendDelayForTesting > .zero {
                try? await Task.sleep(for: configuration.sendDelayForTesting)
            }
            sentAt = Int64(Date().timeIntervalSince1970)
            requestStarted = ContinuousClock.now
            metrics?.requestStarted()
            do {
                let answer = try await send(gate)
                metrics?.requestFinished(after: ContinuousClock.now - requestStarted, error: nil)
                return answer
            } catch let error as TWSClientError where error.code == .notSent {
                metrics?.requestWithdrawn()
                logger.warning("The request missed its send deadline; asking the pacer again")
                throw error
            } catch {
                metrics?.requestFinished(after: ContinuousClock.now - requestStarted, error: error)
                throw error
            }
        }
        switch sent {
        case .answered(let answer):
            session.requestSucceeded(on: connection)
            return .answered(answer, sentAt: sentAt)
        case .noPermit(let error) where error is CancellationError:
            return .finished(await ledger.handBack(claimed, after: .zero, "worker stopping", logger))
        case .noPermit(let error):
            let outcome = await ledger.handBack(
                claimed,
                after: configuration.outageRetryDelay,
                "pacer: \(error)",
                logger
            )
            return .finished(outcome)
        case .failed where Task.isCancelled:
            return .finished(await ledger.handBack(claimed, after: .zero, "worker stopping", logger))
        case .failed(let error as TWSClientError):
            // IB answering with an error is still an answer: the connection works.
            if error.code == .ib { session.requestSucceeded(on: connection) }
            if let reason = Self.oversizeReason(error), let outcome = await onOversize(reason) {
                if error.code == .requestTimedOut { _ = try? await pacer.reportSlowdown() }
                return .finished(outcome)
            }
            return .finished(
                await requestFailed(claimed, error: error, connection: connection, logger, onEmpty: onEmpty)
            )
        case .failed(let error):
            return .finished(await ledger.fail(claimed, as: .transient, code: nil, "\(error)", logger))
        case .lapsed:
            let reason = "the request missed its send deadline \(PermitDelivery.attempts) times (a starved worker)"
            return .finished(await ledger.handBack(claimed, after: configuration.outageRetryDelay, reason, logger))
        }
    }

    /// Stores the bars and marks the chunk finished in one transaction, then acks (DESIGN invariant 3), or, with
    /// `followUps`, swaps them in for it in the queue.
    private func commit(
        _ claimed: ClaimedChunk,
        item: ChunkWorkItem,
        bars: [StoredBar],
        anomalies: Int,
        noData: IBNotice? = nil,
        followUps: [String] = [],
        _ logger: Logger
    ) async -> ChunkOutcome {
        guard case .bars(let chunk) = item.request else { return .dropped }
        let stored = await storeWithRetries(claimed, "bars", logger) {
            try await barStore.commit(
                chunkID: claimed.id,
                instrumentID: item.instrumentID,
                barSize: chunk.barSize.ibName,
                whatToShow: chunk.whatToShow,
                bars: bars,
                anomalyCount: anomalies,
                noData: noData
            )
        }
        if case .handedBack(let outcome) = stored { return outcome }
        if case .stored(.committed(_, _, let revised)) = stored, revised > 0 {
            metrics?.barsRevised(revised)
            logger.info("IB revised stored bars", metadata: ["revised": "\(revised)"])
        }
        // Committed: if the ack fails, the lease runs out, the chunk comes back, and Postgres says it is done (and
        // names its follow-ups, which then take its place).
        if followUps.isEmpty {
            await ledger.ack(claimed, logger)
        } else {
            _ = await ledger.split(claimed, into: followUps, logger)
        }
        logger.debug("Chunk stored", metadata: ["bars": "\(bars.count)"])
        return bars.isEmpty ? .empty : .done(bars: bars.count)
    }

    /// What ``storeWithRetries(_:_:_:_:)`` came to.
    enum Stored<Value: Sendable>: Sendable {
        case stored(Value)
        /// Every try failed and the chunk went back to the queue with this outcome.
        case handedBack(ChunkOutcome)
    }

    /// Runs a commit up to three times, 1 s and then 2 s apart: what it stores cost a paced IB request, so it is
    /// worth a little patience. After that the chunk is handed back without spending an attempt, to be fetched again
    /// once PostgreSQL answers.
    func storeWithRetries<Value: Sendable>(
        _ claimed: ClaimedChunk,
        _ what: String,
        _ logger: Logger,
        _ write: () async throws -> Value
    ) async -> Stored<Value> {
        var attempt = 0
        while true {
            do {
                return .stored(try await write())
            } catch {
                attempt += 1
                if attempt >= 3 || Task.isCancelled {
                    let reason = "PostgreSQL: \(error)"
                    return .handedBack(
                        await ledger.handBack(claimed, after: configuration.outageRetryDelay, reason, logger)
                    )
                }
                logger.warning("Storing the \(what) failed; trying again", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(attempt))
            }
        }
    }

    /// Classifies a failed request (DESIGN invariant 6) and acts on it.
    private func requestFailed(
        _ claimed: ClaimedChunk,
        error: TWSClientError,
        connection: TWSConnection,
        _ logger: Logger,
        onEmpty: (IBNotice) async -> ChunkOutcome
    ) async -> ChunkOutcome {
        var logger = logger
        let code = error.ibError?.code
        if let code { logger[metadataKey: "code"] = "\(code)" }
        let text = error.ibError?.message ?? error.message
        switch error.classification {
        case .empty:
            return await onEmpty(IBNotice(code: code, text: text))
        case .pacing:
            var delay = configuration.pacingRetryDelay
            if code == 162 { metrics?.pacingViolation() }
            if code == 162, let cooldown = try? await pacer.reportPacingViolation() {
                delay = cooldown.remaining
                logger.error("IB reported a pacing violation; the gateway cools down", metadata: ["text": "\(text)"])
            } else {
                logger.warning("IB asked to slow down", metadata: ["text": "\(text)"])
            }
            return await ledger.handBack(claimed, after: delay, text, logger)
        case .connection where error.code == .protocolViolation:
            // The gateway's reply could not be decoded. Not the network's fault, and it may be this chunk's
            // reply every time: spend an attempt, so a reply that is always malformed ends in the dead letters
            // with the decoder's reason instead of reconnecting forever.
            await session.connectionFailed(connection)
            return await ledger.fail(claimed, as: .transient, code: nil, text, logger)
        case .connection:
            await session.connectionFailed(connection)
            return await ledger.handBack(claimed, after: .zero, text, logger)
        case .permanent:
            return await ledger.fail(claimed, as: .permanent, code: code, text, logger)
        case .gatewayOutage:
            // The farm or IB itself went away mid-request: not the chunk's fault.
            return await ledger.handBack(claimed, after: .zero, text, logger)
        case .transient, .informational:
            if error.code == .requestTimedOut || (code == 162 && text.lowercased().contains("query cancelled")) {
                _ = try? await pacer.reportSlowdown()
            }
            return await ledger.fail(claimed, as: .transient, code: code, text, logger)
        }
    }
}
