/// The limits the simulated gateway enforces, with IB's published numbers as defaults.
///
/// IB documents three pacing rules for historical requests with small bars (ib-protocol.md §4.1): an identical
/// request within 15 seconds, six or more requests for one contract, exchange and whatToShow within 2 seconds,
/// and more than 60 requests in any 10 minutes. It also caps open historical requests at 50 and, with the
/// default 100 market-data lines, inbound messages at 50 per second (ib-protocol.md §4.2).
///
/// Every window here is written in IB's seconds and multiplied by ``scale`` when it is used, so the
/// `--pacing-scale 0.01` flag keeps the rules and shrinks the waiting: the 15-second window becomes 0.15 s.
/// Counts and limits are never scaled.
///
/// The soft-throttle settings (``softThrottleWindow`` to ``floodLimit``) are a model of ours, not IB fact: IB
/// says only that requests for bars of 1 minute and more are slowed down under load and that flooding can end
/// in a disconnect, without publishing numbers.
public struct PacingConfiguration: Sendable, Hashable {
    /// Multiplies every window and every soft-throttle latency; 1 is real time.
    ///
    /// Must be positive and finite (see ``isValidScale(_:)``); the command line validates it.
    public var scale: Double = 1

    /// Applies the three hard rules to every bar size instead of only to small bars.
    ///
    /// IB lifted the hard limits for bars of 1 minute and more (ib-protocol.md §4.1) but the lifting is not guaranteed, so a
    /// client that passes the strict simulator is safe either way.
    public var strictForLargeBars: Bool = false

    /// Whether a request refused by a hard rule still takes its units in the windows (``PacingEngine`` documents
    /// both readings).
    ///
    /// IB does not say whether a refused request counts toward its 60 per 10 minutes. Off by default, so a client
    /// that backs off recovers as soon as its allowed requests leave; on is the harsher reading, under which every
    /// refusal makes the next one likelier, and a fleet that never gets refused cannot tell the difference.
    public var countsRefusedRequests: Bool = false

    /// The largest bar, in seconds, that IB calls a small bar ("30 secs or less").
    public var largestSmallBarSeconds: Int = 30

    /// Identical requests closer together than this (seconds, before scaling) break the identical rule.
    public var identicalWindow: Double = 15

    /// The window (seconds, before scaling) of the same-contract rule.
    public var perContractWindow: Double = 2

    /// Weighted requests allowed for one contract, exchange and whatToShow inside ``perContractWindow``;
    /// IB's "six or more" breaks the rule, so five are allowed.
    public var perContractLimit: Int = 5

    /// The rolling window (seconds, before scaling) of the 60-requests rule: 10 minutes.
    public var rollingWindow: Double = 600

    /// Weighted requests allowed gateway-wide inside ``rollingWindow``; IB's "more than 60" breaks the rule.
    public var rollingLimit: Int = 60

    /// whatToShow values that IB counts twice toward the same-contract and 60-requests rules.
    public var doubleWeightWhatToShow: Set<String> = ["BID_ASK"]

    /// Historical requests that may be open at once on the gateway; the next one gets error 322.
    public var maxOpenRequests: Int = 50

    /// The window (seconds, before scaling) of the message-rate limit.
    public var messageWindow: Double = 1

    /// Inbound messages a client may send inside ``messageWindow``; the next one gets error 100.
    public var messageLimit: Int = 50

    /// Message-rate violations after which TWS, set to reject, ends the client's session (ib-protocol.md §4.2: three).
    public var messageViolationsBeforeDisconnect: Int = 3

    /// Model: the window (seconds, before scaling) over which gateway-wide large-bar load is measured.
    public var softThrottleWindow: Double = 600

    /// Model: weighted large-bar requests inside ``softThrottleWindow`` that are answered without delay.
    public var softThrottleFreeUnits: Int = 60

    /// Model: added latency (seconds, before scaling) for each weighted request above the free ones.
    public var softThrottleLatencyPerUnit: Double = 0.5

    /// Model: the most latency (seconds, before scaling) the soft throttle adds to one request.
    public var softThrottleMaxLatency: Double = 30

    /// Model: the per-client window (seconds, before scaling) in which flooding is judged.
    public var floodWindow: Double = 60

    /// Model: weighted large-bar requests one client may send inside ``floodWindow``; the next one
    /// disconnects the client.
    public var floodLimit: Int = 120

    /// IB's limits at real time.
    public init() {}

    /// IB's limits with windows scaled by `scale`.
    ///
    /// - Parameters:
    ///   - scale: The factor applied to every window, e.g. 0.01 for fast tests.
    ///   - strictForLargeBars: Whether the hard rules also apply to bars of 1 minute and more.
    public init(scale: Double, strictForLargeBars: Bool = false) {
        self.scale = scale
        self.strictForLargeBars = strictForLargeBars
    }

    /// Whether `scale` can be used: positive and finite.
    ///
    /// Zero would turn every window off and infinity would make the first request last forever, so neither
    /// is a meaningful simulation.
    public static func isValidScale(_ scale: Double) -> Bool {
        scale.isFinite && scale > 0
    }

    /// A duration in IB's seconds converted to simulator seconds.
    public func scaled(_ seconds: Double) -> Double {
        seconds * scale
    }

    /// How many units a request with this whatToShow uses in the same-contract and 60-requests windows.
    public func weight(ofWhatToShow whatToShow: String) -> Int {
        doubleWeightWhatToShow.contains(whatToShow) ? 2 : 1
    }

    /// Whether the three hard rules judge a request of this kind and bar size.
    ///
    /// Head-timestamp requests are always judged (IB: "subject to the small-bar limitations regardless of bar
    /// size"). Historical ticks are finer than any bar, so they are judged too (our inference). A
    /// historical-data request whose bar size is unknown is judged, erring on the strict side.
    public func appliesHardRules(to kind: JudgedRequest.Kind, barSizeSeconds: Int?) -> Bool {
        if strictForLargeBars { return true }
        switch kind {
        case .headTimestamp, .historicalTicks:
            return true
        case .historicalData:
            guard let barSizeSeconds else { return true }
            return barSizeSeconds <= largestSmallBarSeconds
        }
    }
}
