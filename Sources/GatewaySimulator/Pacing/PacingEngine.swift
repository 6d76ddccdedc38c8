/// The simulated gateway's pacing rules for historical requests, as one pure state machine.
///
/// ``evaluate(_:now:)`` judges a request against every rule at once and, only when it is allowed, records it
/// and opens it. The engine never reads a clock: every call takes `now`, monotonic seconds from
/// ``SimulatorClock`` in the server and plain numbers in tests, so boundaries can be tested exactly.
///
/// Rules and choices (IB facts from ib-protocol.md §4.1–4.2; the rest is ours):
///
/// - **Scope.** All windows and the open-request cap are gateway-wide, across client ids, because IB counts per
///   TWS/Gateway session. Only the message rate (``MessageRateLimiter``) and the flood part of the
///   ``SoftThrottle`` are per client.
/// - **Which requests.** The three hard rules judge head-timestamp and historical-tick requests and historical
///   data with bars of 30 seconds or less; larger bars go to the ``SoftThrottle`` instead, unless
///   ``PacingConfiguration/strictForLargeBars`` is set. Large-bar requests do not count toward the hard windows.
/// - **Order.** The open-request cap is checked first (TWS refuses with 322 before asking the historical data
///   farm), then the identical rule, the same-contract rule and the 60-requests rule; the first broken rule is
///   reported.
/// - **Boundary.** An earlier request counts while less than the window has passed: at exactly 15·scale,
///   2·scale or 600·scale seconds it no longer does (see ``EventWindow``).
/// - **Weights.** `BID_ASK` uses two units of the same-contract limit (5) and of the 60-requests limit: with 59
///   units used, a `BID_ASK` request is refused. For the identical rule it counts once: that rule asks only
///   whether an identical request happened within 15 seconds, so a weight has no meaning there.
/// - **Refusals are not recorded** by default. A request refused for any reason uses no window unit and no open
///   slot, so a client that backs off recovers as soon as its earlier, allowed requests leave the windows. Real IB
///   may count refused requests; with ``PacingConfiguration/countsRefusedRequests`` a request refused by a hard
///   rule takes its units in the windows all the same (never an open slot: it is not open).
///
/// A value-type state machine: the server holds it behind its own lock (for example a `Mutex`) and performs the
/// resulting actions (send an error, schedule a reply, close a socket) outside it.
public struct PacingEngine: Sendable, Hashable {
    /// The limits in force.
    public let configuration: PacingConfiguration

    /// The open historical requests (cap 50).
    public private(set) var openRequests: OpenRequestTracker

    /// The per-client message-rate limit.
    public private(set) var messageRate: MessageRateLimiter

    /// The large-bar throttle.
    public private(set) var softThrottle: SoftThrottle

    /// The last allowed time of each identical key still inside the identical window.
    private var lastIdentical: [String: Double] = [:]
    private var perContract: [String: EventWindow] = [:]
    private var rolling = EventWindow()

    /// An engine with nothing recorded.
    public init(configuration: PacingConfiguration = PacingConfiguration()) {
        self.configuration = configuration
        self.openRequests = OpenRequestTracker(limit: configuration.maxOpenRequests)
        self.messageRate = MessageRateLimiter(configuration: configuration)
        self.softThrottle = SoftThrottle(configuration: configuration)
    }

    /// Whether the hard rules judge this request, rather than the soft throttle.
    public func appliesHardRules(to request: JudgedRequest) -> Bool {
        configuration.appliesHardRules(to: request.kind, barSizeSeconds: request.barSizeSeconds)
    }

    /// Judges a historical request against every rule and records it when it is allowed.
    ///
    /// - Parameters:
    ///   - request: The request, with its keys.
    ///   - now: Monotonic simulator seconds.
    /// - Returns: ``PacingVerdict/allowed(latency:)`` (now recorded and open), or the refusal to send.
    public mutating func evaluate(_ request: JudgedRequest, now: Double) -> PacingVerdict {
        guard openRequests.hasCapacity(for: request.identity) else { return .tooManyOpenRequests }
        let weight = configuration.weight(ofWhatToShow: request.whatToShow)
        guard appliesHardRules(to: request) else {
            switch softThrottle.admit(clientId: request.clientId, weight: weight, now: now) {
            case .disconnect:
                return .disconnect
            case .delay(let latency):
                openRequests.open(request.identity, kind: request.kind)
                return .allowed(latency: latency)
            }
        }
        prune(now: now)
        if let rule = brokenHardRule(request, weight: weight) {
            if configuration.countsRefusedRequests { record(request, weight: weight, now: now) }
            return .violation(rule)
        }
        record(request, weight: weight, now: now)
        openRequests.open(request.identity, kind: request.kind)
        return .allowed(latency: 0)
    }

    /// Takes a request's units in the hard rules' windows.
    private mutating func record(_ request: JudgedRequest, weight: Int, now: Double) {
        lastIdentical[request.identicalKey] = now
        perContract[request.perContractKey, default: EventWindow()].append(weight: weight, at: now)
        rolling.append(weight: weight, at: now)
    }

    /// The weighted units of the 60-requests rule in use at `now`.
    public func rollingUnits(now: Double) -> Int {
        var window = rolling
        window.prune(now: now, window: configuration.scaled(configuration.rollingWindow))
        return window.total
    }

    /// Judges an inbound message of any kind against the client's message rate; see ``MessageRateLimiter``.
    public mutating func admitMessage(from clientId: Int, now: Double) -> MessageRateLimiter.Verdict {
        messageRate.admit(clientId: clientId, now: now)
    }

    /// Closes a request the server has answered; head-timestamp requests stay open until cancelled.
    ///
    /// - Returns: Whether a slot was freed.
    @discardableResult
    public mutating func finish(_ identity: RequestIdentity) -> Bool {
        openRequests.finish(identity)
    }

    /// Closes a request the client cancelled.
    ///
    /// - Returns: Whether it was open.
    @discardableResult
    public mutating func cancel(_ identity: RequestIdentity) -> Bool {
        openRequests.cancel(identity)
    }

    /// Ends a client's session: frees its open requests and forgets its message-rate violations.
    ///
    /// The client's past requests stay in the pacing windows: IB paces the gateway session, not the socket, so
    /// reconnecting is no way around a violation.
    ///
    /// - Returns: The requests that were open, ordered by request id.
    @discardableResult
    public mutating func releaseClient(_ clientId: Int) -> [RequestIdentity] {
        messageRate.reset(clientId: clientId)
        return openRequests.release(clientId: clientId)
    }

    private mutating func prune(now: Double) {
        let identicalWindow = configuration.scaled(configuration.identicalWindow)
        lastIdentical = lastIdentical.filter {
            !EventWindow.hasExpired(eventAt: $0.value, now: now, window: identicalWindow)
        }
        let contractWindow = configuration.scaled(configuration.perContractWindow)
        for key in Array(perContract.keys) {
            perContract[key]?.prune(now: now, window: contractWindow)
            if perContract[key]?.isEmpty == true { perContract[key] = nil }
        }
        rolling.prune(now: now, window: configuration.scaled(configuration.rollingWindow))
    }

    /// The first hard rule the request breaks, assuming the windows were pruned at its time.
    private func brokenHardRule(_ request: JudgedRequest, weight: Int) -> PacingRule? {
        if lastIdentical[request.identicalKey] != nil { return .identicalRequest }
        if (perContract[request.perContractKey]?.total ?? 0) + weight > configuration.perContractLimit {
            return .perContract
        }
        if rolling.total + weight > configuration.rollingLimit { return .rollingWindow }
        return nil
    }
}
