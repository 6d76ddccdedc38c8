import Logging
import NIOCore
import NIOPosix
import Synchronization
import TWSProtocol

/// The simulated IB Gateway: listens, serves TWS API clients and injects the configured faults.
///
/// Lifecycle: ``start()`` binds and returns the port (the real one when configured with port 0); ``stop()``
/// closes the listener and every client. ``auditSummary`` may be read at any time (SIGUSR1 in `backfill sim`).
public final class SimulatorServer: Sendable {
    public let configuration: SimulatorConfiguration
    let gateway: SimulatorGateway
    private let group: any EventLoopGroup
    private let listener = Mutex<(any Channel)?>(nil)
    private let boundPort = Mutex(0)
    private let stopped = Mutex(false)
    private let stallWatch = Mutex<EventLoopStallWatch?>(nil)

    /// - Parameters:
    ///   - pacing: IB's pacing rules; `scale` shrinks every window for fast tests.
    ///   - faults: what to break, and when.
    /// - Throws: if the audit file cannot be opened.
    public init(
        configuration: SimulatorConfiguration,
        pacing: PacingConfiguration = PacingConfiguration(),
        faults: SimulatorFaults = SimulatorFaults(),
        logger: Logger = Logger(label: "backfill.sim"),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws {
        self.configuration = configuration
        let auditLog = try configuration.auditPath.map { try AuditLog(path: $0) } ?? AuditLog.inMemory()
        self.gateway = SimulatorGateway(
            configuration: configuration,
            pacing: pacing,
            faults: faults,
            auditLog: auditLog,
            logger: logger
        )
        self.group = group
    }

    /// Binds and starts serving; returns the port.
    @discardableResult
    public func start() async throws -> Int {
        let channel = try await bind(port: configuration.port)
        let port = channel.localAddress?.port ?? configuration.port
        boundPort.withLock { $0 = port }
        listener.withLock { $0 = channel }
        scheduleFaults()
        let gateway = gateway
        stallWatch.withLock {
            $0 = EventLoopStallWatch(group: group) { milliseconds in
                gateway.audit(.loopStalled(time: gateway.clock.wallTime(), milliseconds: milliseconds))
            }
        }
        gateway.logger.info(
            "Simulator listening",
            metadata: [
                "host": "\(configuration.host)", "port": "\(port)", "serverVersion": "\(configuration.serverVersion)",
            ]
        )
        return port
    }

    /// The port clients connect to (0 before ``start()``).
    public var port: Int { boundPort.withLock { $0 } }

    /// Closes the listener and every client connection.
    public func stop() async {
        stopped.withLock { $0 = true }
        stallWatch.withLock { $0?.cancel() }
        let channel = listener.withLock { state -> (any Channel)? in
            defer { state = nil }
            return state
        }
        try? await channel?.close()
        gateway.dropAllSessions()
        gateway.auditLog.close()
    }

    /// Counts of requests, rules broken and clients so far.
    public var auditSummary: AuditSummary { gateway.auditLog.summary() }

    /// Every frame clients sent, in arrival order, when the configuration records frames.
    public var recordedFrames: [RecordedFrame] { gateway.frames.all }

    /// The audit's JSON lines (for in-memory logs; a file log is read from its file).
    public var auditLines: [String] { gateway.auditLog.lines }

    private func bind(port: Int) async throws -> any Channel {
        let gateway = self.gateway
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let (session, drop) = gateway.openSession()
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(TWSServerFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(
                        SimulatorSessionHandler(gateway: gateway, session: session, dropOnConnect: drop)
                    )
                }
            }
            .bind(host: configuration.host, port: port)
            .get()
    }

    private func scheduleFaults() {
        let faults = gateway.faults
        if let after = faults.restartAfter {
            Task { [self] in
                try? await Task.sleep(for: after)
                await simulateRestart(downtime: faults.restartDowntime)
            }
        }
        if let after = faults.farmOutageAfter {
            Task { [self] in
                try? await Task.sleep(for: after)
                await simulateFarmOutage(for: faults.farmOutageDuration)
            }
        }
        if let after = faults.ibDisconnectAfter {
            Task { [self] in
                try? await Task.sleep(for: after)
                await simulateIBDisconnect(for: faults.ibDisconnectDuration)
            }
        }
    }

    /// 2105 to every client, historical requests answered with 165 for `duration`, then 2106.
    public func simulateFarmOutage(for duration: Duration) async {
        setHistoricalFarm(available: false)
        try? await Task.sleep(for: duration)
        setHistoricalFarm(available: true)
    }

    /// Breaks (2105) or restores (2106) the historical data farm now; tests drive outages step by step.
    public func setHistoricalFarm(available: Bool) {
        gateway.setHistoricalFarm(down: !available)
    }

    /// 1100 to every client, historical requests answered with 165 for `duration`, then 1102.
    public func simulateIBDisconnect(for duration: Duration) async {
        gateway.setIBConnectivity(lost: true)
        try? await Task.sleep(for: duration)
        gateway.setIBConnectivity(lost: false)
    }

    /// A gateway restart: every client dropped, the port closed for `downtime`, then listening again.
    public func simulateRestart(downtime: Duration) async {
        guard !stopped.withLock({ $0 }) else { return }
        await closeForRestart()
        try? await Task.sleep(for: downtime)
        await reopenAfterRestart()
    }

    /// The first half of a restart: the port closes and every client is dropped.
    public func closeForRestart() async {
        gateway.audit(
            .faultInjected(time: gateway.clock.wallTime(), clientId: nil, fault: "gateway-restart", details: [:])
        )
        let channel = listener.withLock { state -> (any Channel)? in
            defer { state = nil }
            return state
        }
        try? await channel?.close()
        gateway.dropAllSessions()
    }

    /// The second half: listening again on the same port (retrying while the port is still being released).
    public func reopenAfterRestart() async {
        guard !stopped.withLock({ $0 }) else { return }
        for _ in 0..<50 {
            if let reopened = try? await bind(port: port) {
                listener.withLock { $0 = reopened }
                return
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        gateway.logger.error("Simulator could not listen again after the restart", metadata: ["port": "\(port)"])
    }
}
