import Monitoring

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `/healthz` reports about a worker.
///
/// Healthy means the worker's own loop is alive: its heartbeat ran recently. A gateway or Redis outage is reported
/// but is not unhealthy, because restarting the worker would not cure it and would only churn client ids.
struct WorkerHealth: Codable, Sendable, Hashable {
    var status: String
    var worker: String
    var gateway: String
    var connection: String
    var clientId: Int?
    /// Times the session has connected to the gateway: more than one means it reconnected.
    var gatewayConnects: Int
    /// Failed connects and connections lost before answering, since the gateway last answered: what the next
    /// reconnect's backoff grows with (a gateway that keeps failing shows here before anywhere else).
    var gatewayFailures: Int
    var chunksInFlight: Int
    var redisReachable: Bool
    var secondsSinceHeartbeat: Double?
    var stopping: Bool

    var report: HealthReport {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return HealthReport(healthy: status == "ok", body: body)
    }
}
