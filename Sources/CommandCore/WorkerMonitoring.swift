import CoreMetrics
import Fleet
import Logging
import Monitoring
import Prometheus

/// Sets up a worker's Prometheus metrics and serves them with `/healthz` on `--metrics-port`.
package struct WorkerMonitoring {
    /// The port could not be bound; says which and why.
    package struct BindError: Error, CustomStringConvertible {
        package var description: String
    }

    package let registry: PrometheusCollectorRegistry

    /// Points swift-metrics at a Prometheus registry that knows every worker metric's help text and buckets.
    /// Once per process, as swift-metrics requires.
    package static func bootstrap() -> WorkerMonitoring {
        let factory = DescribedPrometheusFactory(catalogue: WorkerMetrics.catalogue)
        MetricsSystem.bootstrap(factory)
        return WorkerMonitoring(registry: factory.registry)
    }

    package func serve(host: String, port: Int, worker: Worker, logger: Logger) async throws -> MonitoringServer {
        do {
            return try await MonitoringServer.start(
                host: host,
                port: port,
                registry: registry,
                beforeScrape: { worker.refreshMetrics() },
                health: { worker.health() },
                logger: logger
            )
        } catch {
            throw BindError(description: "Cannot serve /metrics on \(host):\(port): \(error)")
        }
    }
}
