/// A model of IB's "soft" slow-down for large-bar requests, which replaces the hard rules for bars of 1 minute
/// and more (unless ``PacingConfiguration/strictForLargeBars`` is set).
///
/// IB states only that it slows such requests down to balance load and that requesting too much leads to
/// throttling and eventually a disconnect (ib-protocol.md §4.1). The numbers below are ours, all configurable
/// in ``PacingConfiguration``, and meant to make clients that flood visibly slower and then disconnected:
///
/// - Latency: the gateway-wide load is the weighted large-bar requests of the last
///   ``PacingConfiguration/softThrottleWindow`` (10 minutes) including the new one. Up to
///   ``PacingConfiguration/softThrottleFreeUnits`` (60) it is served at once; each unit above adds
///   ``PacingConfiguration/softThrottleLatencyPerUnit`` (0.5 s), up to
///   ``PacingConfiguration/softThrottleMaxLatency`` (30 s). Latencies are multiplied by the scale like windows.
/// - Flood: a client whose weighted large-bar requests within ``PacingConfiguration/floodWindow`` (60 s) would
///   exceed ``PacingConfiguration/floodLimit`` (120) is disconnected; that request is not recorded.
///
/// `BID_ASK` weighs two units here as in the hard rules, since it costs IB two queries.
///
/// A value-type state machine: the server keeps it, usually inside ``PacingEngine``, behind its own lock.
public struct SoftThrottle: Sendable, Hashable {
    /// What to do with one large-bar request.
    public enum Verdict: Sendable, Hashable {
        /// Serve it after `latency` simulator seconds; it has been recorded.
        case delay(latency: Double)
        /// Close the client's connection; nothing was recorded.
        case disconnect
    }

    /// The settings used, including the scale.
    public let configuration: PacingConfiguration

    private var load = PacingEngine.EventWindow()
    private var clients: [Int: PacingEngine.EventWindow] = [:]

    /// An idle throttle.
    public init(configuration: PacingConfiguration = PacingConfiguration()) {
        self.configuration = configuration
    }

    /// The latency for a request that brings the gateway-wide load to `units`.
    ///
    /// Never decreases as `units` grows, and is capped.
    public func latency(forLoad units: Int) -> Double {
        let excess = max(0, units - configuration.softThrottleFreeUnits)
        let seconds = min(
            configuration.softThrottleMaxLatency,
            Double(excess) * configuration.softThrottleLatencyPerUnit
        )
        return configuration.scaled(seconds)
    }

    /// The weighted large-bar requests inside the load window at `now`.
    public func load(now: Double) -> Int {
        var window = load
        window.prune(now: now, window: configuration.scaled(configuration.softThrottleWindow))
        return window.total
    }

    /// Judges a large-bar request and, unless the client is disconnected, records it.
    ///
    /// - Parameters:
    ///   - clientId: The sender.
    ///   - weight: 2 for `BID_ASK`, else 1.
    ///   - now: Monotonic simulator seconds.
    public mutating func admit(clientId: Int, weight: Int, now: Double) -> Verdict {
        var client = clients[clientId] ?? PacingEngine.EventWindow()
        client.prune(now: now, window: configuration.scaled(configuration.floodWindow))
        guard client.total + weight <= configuration.floodLimit else {
            clients[clientId] = client.isEmpty ? nil : client
            return .disconnect
        }
        client.append(weight: weight, at: now)
        clients[clientId] = client
        load.prune(now: now, window: configuration.scaled(configuration.softThrottleWindow))
        load.append(weight: weight, at: now)
        return .delay(latency: latency(forLoad: load.total))
    }
}
