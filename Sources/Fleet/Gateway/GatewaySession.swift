import BlockingIO
import Logging
import Synchronization
import TWSClient
import TWSProtocol
import WorkQueue

/// One worker's connection to the gateway, kept alive across gateway restarts and client-id collisions.
///
/// ``ready()`` hands out the live connection once historical requests may be sent: connected, IB connectivity up
/// (1100 … 1101/1102) and the historical farm available (2105 … 2106). Until then callers wait — requests are
/// paused, not failed. A lost connection is re-established after a backoff; error 326 (client id in use)
/// makes the session lease another id from the pool, excluding the one refused.
///
/// Reconnects wait with the queue's ``Backoff`` (doubling, capped, 50–150 % jitter), so a fleet that lost the
/// gateway together (the daily restart) does not come back in lockstep. A connection counts as healthy only once
/// it has answered a request (``requestSucceeded(on:)``), not when its handshake completes: a gateway that
/// accepts every connection and then breaks every reply is backed off from like one that refuses connections.
public final class GatewaySession: Sendable {
    /// What the session needs from the client-id pool.
    public struct ClientIDs: Sendable {
        /// Leases an id, excluding those the gateway refused; nil when none is free.
        public var acquire: @Sendable (_ excluding: Set<Int>) async throws -> Int?
        /// Gives an id back.
        public var release: @Sendable (_ clientID: Int) async -> Void

        public init(
            acquire: @escaping @Sendable (Set<Int>) async throws -> Int?,
            release: @escaping @Sendable (Int) async -> Void
        ) {
            self.acquire = acquire
            self.release = release
        }
    }

    private struct State {
        var connection: TWSConnection?
        var clientID: Int?
        var refusedIDs: Set<Int> = []
        /// Connects that failed, plus connections lost before answering a request, since the last answer.
        var failures = 0
        var connects = 0
        var closed = false
        var stopping = false
    }

    private let host: String
    private let port: Int
    private let clientIDs: ClientIDs
    private let backoff: Backoff
    private let requestTimeout: Duration
    /// Nil: the client's defaults.
    private let connectTimeout: Duration?
    private let handshakeTimeout: Duration?
    private let logger: Logger
    private let state = Mutex(State())
    /// Serialises reconnects: one task connects while the others wait for it.
    private let connecting = AsyncGate()
    /// Set by ``beginShutdown()`` and ``close()``: ends a reconnect's wait at once.
    private let stopped = OneShotSignal()

    public init(
        host: String,
        port: Int,
        clientIDs: ClientIDs,
        backoff: Backoff = Backoff(base: .milliseconds(500), cap: .seconds(30)),
        requestTimeout: Duration = .seconds(120),
        connectTimeout: Duration? = nil,
        handshakeTimeout: Duration? = nil,
        logger: Logger
    ) {
        self.host = host
        self.port = port
        self.clientIDs = clientIDs
        self.backoff = backoff
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.handshakeTimeout = handshakeTimeout
        self.logger = logger
    }

    /// The gateway as `host:port`, which keys the pacer and the client-id pool.
    public var gateway: String { "\(host):\(port)" }

    /// The client id in use, if connected.
    public var clientID: Int? { state.withLock { $0.connection == nil ? nil : $0.clientID } }

    /// Whether historical requests may be sent now, wait for the farm, or wait for a connection.
    public var connectionState: GatewayConnectionState {
        guard let connection = state.withLock({ $0.connection }), connection.closedError == nil else {
            return .disconnected
        }
        return connection.farmStatus.historicalRequestsAllowed ? .ready : .paused
    }

    /// Failed connects plus connections lost before answering anything, since the last answer: what the next
    /// reconnect's backoff grows with; reported by `/healthz`.
    public var consecutiveFailures: Int { state.withLock { $0.failures } }

    /// How many times the session has connected (1 after the first connect); reported by `/healthz`.
    public var connectCount: Int { state.withLock { $0.connects } }

    /// The connection, once historical requests may be sent; waits (reconnecting as needed) until then.
    ///
    /// - Throws: `CancellationError` when the task is cancelled, or a ``GatewaySessionError`` after ``close()``.
    public func ready() async throws -> TWSConnection {
        var pausedSince: ContinuousClock.Instant?
        while true {
            try Task.checkCancellation()
            if state.withLock({ $0.closed }) { throw GatewaySessionError("The gateway session is closed.") }
            if let connection = state.withLock({ $0.connection }), connection.closedError == nil {
                let generation = connection.statusGeneration
                if state.withLock({ $0.stopping }) && !connection.farmStatus.historicalRequestsAllowed {
                    throw GatewaySessionError("The worker is stopping.")
                }
                if connection.farmStatus.historicalRequestsAllowed {
                    if pausedSince != nil { logger.info("Historical requests resumed") }
                    return connection
                }
                if pausedSince == nil {
                    pausedSince = .now
                    logger.notice(
                        "Historical requests paused: the historical data farm or IB connectivity is down",
                        metadata: ["clientId": "\(state.withLock { $0.clientID ?? 0 })"]
                    )
                }
                // Until the gateway says something new (the farm is back, or the connection ended) or we stop.
                let stopped = self.stopped
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await connection.waitForStatusChange(after: generation) }
                    group.addTask { await stopped.wait() }
                    await group.next()
                    group.cancelAll()
                }
                continue
            }
            if state.withLock({ $0.stopping }) { throw GatewaySessionError("The worker is stopping.") }
            try await connecting.run { try await self.reconnectIfNeeded() }
        }
    }

    /// Tells the session its connection failed a request with a connection-class error, so the next
    /// ``ready()`` reconnects at once instead of waiting to notice.
    public func connectionFailed(_ connection: TWSConnection) async {
        let stale = state.withLock { state -> Bool in
            guard state.connection === connection else { return false }
            state.connection = nil
            state.failures += 1
            return true
        }
        if stale { await connection.close() }
    }

    /// Tells the session the gateway answered a request on `connection`: the connection is healthy, so the next
    /// loss reconnects after the shortest backoff again.
    public func requestSucceeded(on connection: TWSConnection) {
        state.withLock { state in
            if state.connection === connection { state.failures = 0 }
        }
    }

    /// Stops waiting for the gateway: ``ready()`` still returns a usable connection (in-flight work may finish)
    /// but no longer waits or reconnects; it throws instead, so a stopping worker is never held by a gateway that
    /// is down.
    public func beginShutdown() {
        state.withLock { $0.stopping = true }
        stopped.trigger()
    }

    /// Forgets the client id because its lease ran out (someone else may hold it now): the connection is closed
    /// and the next ``ready()`` leases an id afresh.
    public func clientIDLost() async {
        let connection = state.withLock { state -> TWSConnection? in
            state.clientID = nil
            defer { state.connection = nil }
            return state.connection
        }
        await connection?.close()
    }

    /// Closes the connection and releases the client id.
    public func close() async {
        stopped.trigger()
        let (connection, clientID) = state.withLock { state in
            state.closed = true
            defer {
                state.connection = nil
                state.clientID = nil
            }
            return (state.connection, state.clientID)
        }
        await connection?.close()
        if let clientID { await clientIDs.release(clientID) }
    }

    private func reconnectIfNeeded() async throws {
        let current = state.withLock { $0.connection }
        if let current, current.closedError == nil { return }
        if let current {
            logger.warning(
                "Lost the gateway connection; reconnecting",
                metadata: ["error": "\(current.closedError?.message ?? "")", "gateway": "\(gateway)"]
            )
            state.withLock {
                $0.connection = nil
                $0.failures += 1
            }
        }
        // A connection that ended before answering anything: wait before the next, as after a failed connect.
        let lost = state.withLock { $0.failures }
        if lost > 0 {
            let wait = backoff.delay(afterAttempts: lost, jitter: .random(in: 0..<1))
            logger.notice(
                "The last connection answered nothing; waiting before reconnecting",
                metadata: ["gateway": "\(gateway)", "failures": "\(lost)", "retryIn": "\(wait)"]
            )
            try await sleepUnlessStopping(wait)
        }
        while true {
            try Task.checkCancellation()
            if state.withLock({ $0.closed || $0.stopping }) { throw GatewaySessionError("The worker is stopping.") }
            let clientID = try await leasedClientID()
            switch await attempt(clientID: clientID) {
            case .connected:
                return
            case .refused:
                continue
            case .failed(let error):
                let failures = state.withLock { state -> Int in
                    state.failures += 1
                    return state.failures
                }
                let wait = backoff.delay(afterAttempts: failures, jitter: .random(in: 0..<1))
                logger.warning(
                    "Cannot reach the gateway; retrying",
                    metadata: ["gateway": "\(gateway)", "error": "\(error)", "retryIn": "\(wait)"]
                )
                try await sleepUnlessStopping(wait)
            }
        }
    }

    /// Connects once, for a short-lived user that would rather give up than wait (the planner's head-timestamp
    /// lookup): leases an id, connects, and leases another on 326, up to `attempts` ids; no backoff, no waiting
    /// for a free id. The connection is the session's like any other: ``close()`` ends it and releases the id.
    ///
    /// - Throws: ``GatewayConnectFailure``.
    public func connectOnce(attempts: Int) async throws(GatewayConnectFailure) -> TWSConnection {
        for _ in 0..<max(attempts, 1) {
            if Task.isCancelled || state.withLock({ $0.closed }) { throw .closed }
            let refused = state.withLock { $0.refusedIDs }
            let leased: Int?
            do {
                leased = try await clientIDs.acquire(refused)
            } catch {
                throw .noClientID("client-id pool not reachable")
            }
            guard let clientID = leased else { throw .noClientID("no free client id in the pool") }
            state.withLock { $0.clientID = clientID }
            switch await attempt(clientID: clientID) {
            case .connected(let connection):
                return connection
            case .refused:
                continue
            case .failed(let error):
                state.withLock { $0.clientID = nil }
                await clientIDs.release(clientID)
                throw .unreachable("\(error)")
            }
        }
        throw .everyIDRefused(tried: max(attempts, 1))
    }

    /// What one connect with one client id came to.
    private enum Attempt {
        case connected(TWSConnection)
        /// 326: the id is given back and remembered as refused.
        case refused
        case failed(any Error)
    }

    /// Connects with `clientID`; on 326 releases it and remembers it as refused.
    private func attempt(clientID: Int) async -> Attempt {
        var configuration = TWSClientConfiguration(host: host, port: port, clientID: clientID)
        configuration.requestTimeout = requestTimeout
        if let connectTimeout { configuration.connectTimeout = connectTimeout }
        if let handshakeTimeout { configuration.handshakeTimeout = handshakeTimeout }
        do {
            let connection = try await TWSConnection.connect(configuration: configuration, logger: logger)
            state.withLock {
                $0.connection = connection
                $0.connects += 1
            }
            logger.info(
                "Connected to the gateway",
                metadata: [
                    "gateway": "\(gateway)", "clientId": "\(clientID)", "serverVersion": "\(connection.serverVersion)",
                ]
            )
            return .connected(connection)
        } catch let error as TWSClientError where error.code == .clientIDInUse {
            logger.warning(
                "The gateway refused the client id as in use (326); leasing another",
                metadata: ["clientId": "\(clientID)", "code": "326"]
            )
            state.withLock {
                $0.refusedIDs.insert(clientID)
                $0.clientID = nil
            }
            await clientIDs.release(clientID)
            return .refused
        } catch {
            return .failed(error)
        }
    }

    /// Sleeps for `duration`, unless ``beginShutdown()`` or ``close()`` ends the wait first (then throws).
    private func sleepUnlessStopping(_ duration: Duration) async throws {
        if await stopped.wait(until: .now + duration) { throw GatewaySessionError("The worker is stopping.") }
        try Task.checkCancellation()
    }

    /// The id held, or a newly leased one; waits while the pool is exhausted. After every id was refused once,
    /// the refusals are forgotten (the other session may have gone).
    private func leasedClientID() async throws -> Int {
        if let held = state.withLock({ $0.clientID }) { return held }
        var waits = 0
        while true {
            let refused = state.withLock { $0.refusedIDs }
            if let id = try await clientIDs.acquire(refused) {
                state.withLock { $0.clientID = id }
                return id
            }
            if !refused.isEmpty {
                state.withLock { $0.refusedIDs = [] }
                continue
            }
            waits += 1
            if waits == 1 { logger.warning("Every client id of the pool is leased; waiting for one to free up") }
            try await sleepUnlessStopping(backoff.delay(afterAttempts: waits, jitter: .random(in: 0..<1)))
        }
    }
}
