import BlockingIO
import Logging
import NIOCore
import NIOPosix
import Synchronization
import TWSProtocol

/// One API connection to IB Gateway or TWS (or the simulator), with requests correlated by request id.
///
/// Create it with ``connect(configuration:logger:eventLoopGroup:)``, which returns once the gateway is ready
/// (nextValidId and managedAccounts received). Any number of requests may be in flight at once from any tasks;
/// each has a timeout, after which it is cancelled at the gateway and fails with `.requestTimedOut`. Cancelling
/// the calling task cancels the request the same way.
///
/// When the connection ends (socket closed, 1300, a malformed message) every request in flight fails with a
/// `.connectionLost` (or `.protocolViolation`) ``TWSClientError``, ``events`` yields `.disconnected` and finishes,
/// and later requests fail at once: open a new connection. 1100 (IB unreachable) fails in-flight requests but
/// keeps the socket; ``farmStatus`` says when historical requests may resume.
///
/// Call ``close()`` when done.
public final class TWSConnection: Sendable {
    let core: TWSConnectionCore
    let channel: any Channel
    public let configuration: TWSClientConfiguration

    private init(core: TWSConnectionCore, channel: any Channel, configuration: TWSClientConfiguration) {
        self.core = core
        self.channel = channel
        self.configuration = configuration
    }

    /// Connects, performs the handshake and waits until the gateway is ready.
    ///
    /// - Throws: ``TWSClientError``: `.connectionFailed`, `.clientIDInUse`, `.handshakeTimeout`,
    ///   `.unsupportedServerVersion` or `.connectionLost`.
    public static func connect(
        configuration: TWSClientConfiguration,
        logger: Logger = Logger(label: "backfill.tws"),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> TWSConnection {
        let core = TWSConnectionCore(clientID: configuration.clientID, logger: logger)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(.nanoseconds(configuration.connectTimeout.nanoseconds))
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(TWSFrameDecoder()))
                        try channel.pipeline.syncOperations.addHandler(TWSClientHandler(core: core))
                    }
                }
                .connect(host: configuration.host, port: configuration.port)
                .get()
        } catch {
            throw TWSClientError(
                .connectionFailed,
                "Cannot connect to the gateway at \(configuration.host):\(configuration.port): \(Self.reason(error).withoutFinalPeriod)."
            )
        }
        let connection = TWSConnection(core: core, channel: channel, configuration: configuration)
        let timeout = channel.eventLoop.scheduleTask(in: .nanoseconds(configuration.handshakeTimeout.nanoseconds)) {
            let effects = core.state.withLock {
                $0.shutDown(
                    TWSClientError(
                        .handshakeTimeout,
                        "The gateway at \(configuration.host):\(configuration.port) accepted the connection but did not complete the API handshake in time."
                    )
                )
            }
            core.perform(effects, on: channel)
        }
        defer { timeout.cancel() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let ready = core.state.withLock { state -> Result<Void, TWSClientError>? in
                if let result = state.handshakeResult { return result }
                state.handshakeWaiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready.mapError { $0 as any Error }) }
        }
        logger.debug(
            "Connected to the gateway",
            metadata: ["serverVersion": "\(connection.serverVersion)", "clientId": "\(configuration.clientID)"]
        )
        return connection
    }

    /// The operating system's words for a failed connect ("Connection refused"), not NIO's wrapper types.
    static func reason(_ error: any Error) -> String {
        var underlying: any Error = error
        if let connectError = error as? NIOConnectionError, let first = connectError.connectionErrors.first {
            underlying = first.error
        }
        if let ioError = underlying as? IOError { return String(cString: strerror(ioError.errnoCode)) }
        if underlying is ChannelError { return "timed out" }
        return "\(underlying)"
    }

    /// Closes the socket; requests in flight fail with `.connectionLost`.
    public func close() async {
        try? await channel.close()
    }

    /// The negotiated protocol version.
    public var serverVersion: Int { core.state.withLock { $0.serverVersion } }
    /// The gateway's clock text from the handshake, e.g. `20240105 16:00:00 EST`.
    public var connectionTime: String { core.state.withLock { $0.connectionTime } }
    public var accounts: [String] { core.state.withLock { $0.accounts ?? [] } }
    public var farmStatus: FarmStatus { core.state.withLock { $0.farmStatus } }
    /// Grows each time the gateway sends a notice (farm status, IB connectivity) or the connection ends. Read it
    /// before looking at ``farmStatus``; ``waitForStatusChange(after:)`` then waits for the next change without
    /// missing one that came in between.
    public var statusGeneration: Int { core.statusGeneration }

    /// Waits until the gateway sends a notice after `generation`, the connection ends, or the task is cancelled;
    /// for a caller paused until ``farmStatus`` allows historical requests again.
    public func waitForStatusChange(after generation: Int) async {
        await core.waitForStatusChange(after: generation)
    }
    /// Nil while connected; the reason once the connection has ended.
    public var closedError: TWSClientError? { core.state.withLock { $0.closedError } }
    /// Notices and the final disconnection.
    public var events: AsyncStream<TWSEvent> { core.events }
}
