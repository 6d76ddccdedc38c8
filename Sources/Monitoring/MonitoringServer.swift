import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus

/// The HTTP endpoint a worker serves on `--metrics-port`: `/metrics` for Prometheus and `/healthz` for probes.
///
/// It runs on NIO's shared event loops, apart from the worker's own tasks, so a scrape is answered even while every
/// chunk slot is busy.
public final class MonitoringServer: Sendable {
    private let channel: any Channel
    /// The port actually bound (useful when asked for port 0).
    public let port: Int

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Binds and starts serving.
    ///
    /// `beforeScrape` runs before each `/metrics` answer, to set gauges that are cheap to read now (connection state)
    /// rather than stale since the last heartbeat.
    ///
    /// - Throws: the bind error (port in use, bad address), so the caller can say which port failed.
    public static func start(
        host: String,
        port: Int,
        registry: PrometheusCollectorRegistry,
        beforeScrape: @escaping @Sendable () -> Void = {},
        health: @escaping @Sendable () -> HealthReport,
        logger: Logger
    ) async throws -> MonitoringServer {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        MonitoringHTTPHandler(registry: registry, beforeScrape: beforeScrape, health: health)
                    )
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        let bound = channel.localAddress?.port ?? port
        logger.notice("Serving /metrics and /healthz", metadata: ["address": "\(host):\(bound)"])
        return MonitoringServer(channel: channel, port: bound)
    }

    /// Stops listening; open connections finish on their own.
    public func close() async {
        try? await channel.close()
    }
}
