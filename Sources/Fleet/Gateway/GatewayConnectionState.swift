/// Where a worker's gateway connection stands, for `/healthz` and the `backfill_worker_connection_state` metric.
public enum GatewayConnectionState: String, Sendable, Hashable, CaseIterable {
    /// Connected, and historical requests may be sent.
    case ready
    /// Connected, but the historical farm or IB connectivity is down: requests wait.
    case paused
    /// Not connected (connecting, backing off, or out of client ids).
    case disconnected
}
