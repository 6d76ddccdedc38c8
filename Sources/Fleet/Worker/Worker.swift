import BackfillStore
import BlockingIO
import GlobalPacer
import Logging
import Monitoring
import PQKit
import Synchronization
import WorkQueue

/// `backfill worker`: leases a client id, keeps a gateway connection, and works `concurrency` chunks at a time
/// until told to stop.
///
/// Each slot waits for the gateway to accept historical requests, claims a chunk and runs it through
/// ``ChunkRunner``. A heartbeat renews the client-id lease, the worker's registration and every held chunk's lease,
/// and reaps chunks whose lease ran out anywhere in the fleet (a killed worker's), mirroring that in Postgres.
/// ``stop`` (SIGTERM/SIGINT) ends claiming at once; chunks in flight get ``WorkerConfiguration/shutdownGrace`` to
/// finish and are then handed back without penalty; the client id is released and the registration removed.
public final class Worker: Sendable {
    public let configuration: WorkerConfiguration
    /// Trigger it to stop the worker gracefully.
    public let stop = OneShotSignal()
    public let session: GatewaySession
    private let queue: WorkQueue
    private let ledger: ChunkLedger
    private let barStore: BarStore
    private let requestSizes: RequestSizeMemory
    private let pacer: GlobalPacer
    private let clientIDs: ClientIDLease.Pool
    private let lease = HeldClientID()
    private let inFlight: InFlightChunks
    private let tally = Mutex(WorkerCounters())
    private let vitals = Mutex(WorkerVitals())
    private let metrics: WorkerMetrics?
    private let logger: Logger
    /// The gateway as `host:port`, registered with the worker for `status` and the dashboard.
    private let gateway: String

    /// - Parameters:
    ///   - gatewayHost, gatewayPort: the gateway (IB Gateway, TWS, or `backfill sim`).
    ///   - queue: the work queue, on a Redis connection of its own.
    ///   - store, barStore: PostgreSQL, the system of record.
    ///   - pacer: the fleet's pacer for this gateway.
    ///   - clientIDs: the client-id pool for this gateway.
    ///   - metrics: where to record Prometheus metrics; nil records none and spares the heartbeat's queue reading.
    public init(
        configuration: WorkerConfiguration,
        gatewayHost: String,
        gatewayPort: Int,
        queue: WorkQueue,
        store: ChunkStore,
        barStore: BarStore,
        pacer: GlobalPacer,
        clientIDs: ClientIDLease.Pool,
        metrics: WorkerMetrics? = nil,
        logger: Logger
    ) {
        self.configuration = configuration
        self.metrics = metrics
        self.queue = queue
        let inFlight = InFlightChunks()
        self.inFlight = inFlight
        self.ledger = ChunkLedger(queue: queue, store: store, inFlight: inFlight, metrics: metrics)
        self.barStore = barStore
        self.requestSizes = RequestSizeMemory(store: RequestSizeStore(database: barStore.database))
        self.pacer = pacer
        self.clientIDs = clientIDs
        var logger = logger
        logger[metadataKey: "worker"] = "\(configuration.workerID)"
        self.logger = logger
        self.gateway = "\(gatewayHost):\(gatewayPort)"
        self.session = GatewaySession(
            host: gatewayHost,
            port: gatewayPort,
            clientIDs: .leased(from: clientIDs, owner: configuration.workerID, holder: lease),
            requestTimeout: configuration.requestTimeout,
            logger: logger
        )
    }

    /// What the worker has done so far.
    public var counters: WorkerCounters { tally.withLock { $0 } }

    /// Sets the gauges that are cheap to read now, just before a scrape.
    public func refreshMetrics() {
        metrics?.connection(session.connectionState)
        metrics?.chunksInFlight(inFlight.count)
    }

    /// What `/healthz` answers: healthy while the heartbeat keeps running (see ``WorkerHealth``).
    public func health() -> HealthReport {
        let vitals = self.vitals.withLock { $0 }
        let sinceHeartbeat = vitals.lastHeartbeat.map { ContinuousClock.now - $0 }
        // Three missed beats, and never less than half a minute: a starved machine delays a beat, it does not stop it.
        let limit = max(configuration.heartbeatInterval * 3, .seconds(30))
        let alive = sinceHeartbeat.map { $0 <= limit } ?? true
        return WorkerHealth(
            status: alive ? "ok" : "heartbeat stalled",
            worker: configuration.workerID,
            gateway: session.gateway,
            connection: session.connectionState.rawValue,
            clientId: session.clientID,
            gatewayConnects: session.connectCount,
            gatewayFailures: session.consecutiveFailures,
            chunksInFlight: inFlight.count,
            redisReachable: vitals.redisReachable,
            secondsSinceHeartbeat: sinceHeartbeat?.inSeconds,
            stopping: stop.isTriggered
        ).report
    }

    /// How long after the grace period the last steps of a shutdown may take (handing chunks back, releasing the
    /// client id): a whole shutdown lasts at most the grace period plus this.
    public static let windDown: Duration = .seconds(2)

    /// Works until ``stop`` is triggered (or the task is cancelled), then shuts down gracefully and returns what it
    /// did.
    ///
    /// After the stop, in-flight chunks may finish until the task is cancelled: as a ``Service`` in a
    /// `ServiceGroup`, that is the group's `maximumGracefulShutdownDuration` (the shutdown grace in
    /// `backfill worker`). Cancelled, the slots hand their chunks back. The whole shutdown takes at most
    /// ``WorkerConfiguration/shutdownGrace`` plus ``windDown``, whatever Redis, PostgreSQL or the gateway do.
    public func work() async -> WorkerCounters {
        logger.info(
            "Worker started",
            metadata: ["gateway": "\(session.gateway)", "concurrency": "\(configuration.concurrency)"]
        )
        let heartbeat = Task { await self.heartbeatLoop() }
        let slots = Task {
            await withTaskGroup(of: Void.self) { group in
                for slot in 0..<self.configuration.concurrency {
                    group.addTask { await self.slotLoop(slot) }
                }
            }
        }
        await stop.wait()
        session.beginShutdown()
        let inFlightAtStop = inFlight.count
        logger.notice("Stopping: no more claims", metadata: ["inFlight": "\(inFlightAtStop)"])
        let logger = self.logger
        let database = barStore.database
        // Every step below waits at most until the grace period ends, plus a moment to hand work back: with Redis
        // or PostgreSQL not answering, each call could otherwise block for its whole command timeout.
        let deadline = ShutdownDeadline(.now + configuration.shutdownGrace + Self.windDown)
        let handedBack = await withTaskCancellationHandler {
            await deadline.run { await slots.value }
        } onCancel: {
            // The grace period is over (the service group cancels us): cut the requests short, hand the rest back.
            logger.notice("Grace period over; handing the rest back")
            slots.cancel()
            // A commit blocked in PostgreSQL would not see the cancellation: the server cancels it (it rolls back,
            // and the chunk goes back to the queue to be fetched again).
            database.cancelRunningStatements()
        }
        if !handedBack {
            logger.warning(
                "Shutdown: the work in flight could not be handed back in time (is Redis answering?); its chunks return to the queue when their leases run out"
            )
        }
        heartbeat.cancel()
        await deadline.run { await heartbeat.value }
        let session = self.session
        await deadline.run { await session.close() }
        let queue = self.queue
        let workerID = configuration.workerID
        await deadline.run { _ = try? await queue.deregisterWorker(workerID) }
        let summary = counters
        logger.info("Worker stopped", metadata: ["summary": "\(summary)"])
        return summary
    }

    private func slotLoop(_ slot: Int) async {
        let runner = ChunkRunner(
            ledger: ledger,
            barStore: barStore,
            // Ticks go through the same connections as bars.
            tickStore: TickStore(database: barStore.database),
            pacer: pacer,
            session: session,
            configuration: configuration,
            metrics: metrics,
            logger: logger,
            requestSizes: requestSizes
        )
        var logger = logger
        logger[metadataKey: "slot"] = "\(slot)"
        while !stop.isTriggered && !Task.isCancelled {
            // Claim only once the gateway takes requests, so a worker cut off from it holds no chunks.
            guard (try? await session.ready()) != nil, let clientID = session.clientID else {
                // The session is closing or stopping: look again soon, or at once when the stop comes.
                _ = await stop.wait(until: .now + .milliseconds(100))
                continue
            }
            let claimed: ClaimedChunk?
            do {
                claimed = try await queue.waitForChunk(
                    worker: configuration.workerID,
                    clientID: clientID,
                    lease: configuration.chunkLease,
                    timeout: configuration.claimPollTimeout
                )
            } catch {
                logger.warning("Claiming failed; Redis may be down", metadata: ["error": "\(error)"])
                _ = await stop.wait(until: .now + configuration.outageRetryDelay)
                continue
            }
            guard let claimed else { continue }
            if stop.isTriggered {
                _ = try? await queue.requeueWithoutPenalty(claimed)
                break
            }
            inFlight.insert(claimed)
            let outcome = await runner.run(claimed)
            inFlight.remove(claimed)
            metrics?.record(outcome)
            tally.withLock { $0.record(outcome) }
        }
    }

    private func heartbeatLoop() async {
        while !Task.isCancelled {
            await beat()
            try? await Task.sleep(for: configuration.heartbeatInterval)
        }
    }

    /// One heartbeat: client-id lease, registration, chunk leases, reaping.
    func beat() async {
        if let held = lease.current {
            do {
                if try await clientIDs.renew(held) == false {
                    logger.error(
                        "The client-id lease ran out; reconnecting with a new id",
                        metadata: ["clientId": "\(held.clientID)"]
                    )
                    _ = lease.take(clientID: held.clientID)
                    await session.clientIDLost()
                }
            } catch {
                logger.warning("Renewing the client-id lease failed", metadata: ["error": "\(error)"])
            }
        }
        var redisReachable = true
        if let clientID = session.clientID {
            do {
                _ = try await queue.registerWorker(configuration.workerID, clientID: clientID, gateway: gateway)
            } catch {
                redisReachable = false
            }
        }
        for chunk in inFlight.unsettled {
            // Lost for real only if the chunk is still being worked on: one acked meanwhile is not.
            if case .lost? = try? await queue.extendLease(chunk, by: configuration.chunkLease),
                inFlight.isUnsettled(chunk)
            {
                logger.warning("Lost the lease of a chunk in flight", metadata: ["chunk": "\(chunk.id)"])
            }
        }
        do {
            for reaped in try await queue.reap() {
                await ledger.reaped(reaped, logger)
            }
        } catch {
            redisReachable = false
            logger.warning("Reaping failed", metadata: ["error": "\(error)"])
        }
        // The fleet's queue needs a Redis round trip, so it is read here rather than at each scrape.
        if let metrics, let stats = try? await queue.stats() { metrics.queue(stats) }
        vitals.withLock {
            $0.lastHeartbeat = .now
            $0.redisReachable = redisReachable
        }
    }

}
