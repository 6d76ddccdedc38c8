import BlockingIO

extension PacerConfiguration {
    /// Whether IB's small-bar (strict) rules judge a request of this kind.
    ///
    /// Head-timestamp requests always are (IB: "subject to the small-bar limitations regardless of bar size"), and
    /// so are historical ticks;
    /// historical data when its bars are ``largestSmallBarSeconds`` or shorter, or when ``strictForLargeBars``.
    public func isStrict(_ kind: PacedRequest.Kind) -> Bool {
        if strictForLargeBars { return true }
        switch kind {
        case .headTimestamp, .historicalTicks: return true
        case .historicalData(let barSizeSeconds): return barSizeSeconds <= largestSmallBarSeconds
        }
    }

    /// The rules that judge `request`: all strict ones (everything but ``PacerRule/largeBarRate``) for a strict
    /// request, else the large-bar profile's plus ``PacerRule/openRequests`` and ``PacerRule/cooldown``.
    public func rules(for request: PacedRequest) -> Set<PacerRule> {
        let always: Set<PacerRule> = [.openRequests, .cooldown]
        if isStrict(request.kind) {
            return always.union([.rolling60, .perContract, .identical, .messageRate])
        }
        return always.union(largeBars.rules)
    }

    /// How many units `request` counts in the weighted windows: 2 for a double-weight whatToShow (`BID_ASK`).
    public func weight(of request: PacedRequest) -> Int {
        doubleWeightWhatToShow.contains(request.whatToShow) ? 2 : 1
    }

    /// A window in IB's seconds as the scripts use it: scaled, rounded up to whole milliseconds (at least 1),
    /// plus ``windowMargin``.
    public func windowMilliseconds(_ seconds: Double) -> Int64 {
        scaledMilliseconds(seconds) + windowMargin.milliseconds
    }

    /// A duration in IB's seconds scaled, in whole milliseconds rounded up, without the margin.
    func scaledMilliseconds(_ seconds: Double) -> Int64 {
        max(1, Int64(min((seconds * scale * 1000).rounded(.up), 1e15)))
    }
}
