import CoreMetrics
import Foundation
import Logging
import Monitoring
import Prometheus
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `/metrics` and `/healthz` endpoint over a real socket.
@Suite struct MonitoringServerTests {
    static let catalogue = [
        MetricDescription("test_things_total", .counter, help: "Things counted."),
        MetricDescription(
            "test_wait_seconds",
            .durationHistogram(buckets: [.seconds(1), .seconds(10)]),
            help: "Waits."
        ),
    ]

    @Test func metricsCarryHelpTextAndDescribedBuckets() async throws {
        let factory = DescribedPrometheusFactory(catalogue: Self.catalogue)
        Counter(label: "test_things_total", dimensions: [("kind", "a")], factory: factory).increment(by: 3)
        Timer(label: "test_wait_seconds", factory: factory).recordMilliseconds(2500)
        Meter(label: "test_undescribed", factory: factory).set(7)
        let text = factory.registry.emitToString()
        #expect(text.contains("# HELP test_things_total Things counted."))
        #expect(text.contains(#"test_things_total{kind="a"} 3"#))
        #expect(text.contains("# TYPE test_wait_seconds histogram"))
        #expect(text.contains(#"test_wait_seconds_bucket{le="1.0"} 0"#))
        #expect(text.contains(#"test_wait_seconds_bucket{le="10.0"} 1"#))
        #expect(text.contains("# HELP test_undescribed test_undescribed (no description)"))
    }

    @Test func servesMetricsAndHealth() async throws {
        let factory = DescribedPrometheusFactory(catalogue: Self.catalogue)
        Counter(label: "test_things_total", factory: factory).increment()
        let healthy = HealthState()
        let server = try await MonitoringServer.start(
            host: "127.0.0.1",
            port: 0,
            registry: factory.registry,
            health: { HealthReport(healthy: healthy.value, body: #"{"status":"x"}"#) },
            logger: Logger(label: "test")
        )
        defer { Task { await server.close() } }
        #expect(server.port > 0)

        let (metricsStatus, metrics) = try await Self.get(port: server.port, path: "/metrics")
        #expect(metricsStatus == 200)
        #expect(metrics.contains("test_things_total 1"))

        let (okStatus, okBody) = try await Self.get(port: server.port, path: "/healthz")
        #expect(okStatus == 200)
        #expect(okBody.contains(#""status":"x""#))
        healthy.value = false
        let (badStatus, _) = try await Self.get(port: server.port, path: "/healthz")
        #expect(badStatus == 503)

        let (missingStatus, _) = try await Self.get(port: server.port, path: "/nope")
        #expect(missingStatus == 404)
        await server.close()
    }

    @Test func aBusyPortIsAnErrorNotACrash() async throws {
        let first = try await MonitoringServer.start(
            host: "127.0.0.1",
            port: 0,
            registry: PrometheusCollectorRegistry(),
            health: { HealthReport(healthy: true, body: "{}") },
            logger: Logger(label: "test")
        )
        await #expect(throws: (any Error).self) {
            let second = try await MonitoringServer.start(
                host: "127.0.0.1",
                port: first.port,
                registry: PrometheusCollectorRegistry(),
                health: { HealthReport(healthy: true, body: "{}") },
                logger: Logger(label: "test")
            )
            await second.close()
        }
        await first.close()
    }

    static func get(port: Int, path: String) async throws -> (Int, String) {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
        let (data, response) = try await URLSession.shared.data(from: url)
        let status = try #require(response as? HTTPURLResponse).statusCode
        return (status, String(decoding: data, as: UTF8.self))
    }
}

/// A flag the health closure reads while the test flips it.
final class HealthState: Sendable {
    private let healthy = Mutex(true)

    var value: Bool {
        get { healthy.withLock { $0 } }
        set { healthy.withLock { $0 = newValue } }
    }
}
