import RedisKit

extension PacerConfiguration {
    /// How requests for bars of 1 minute and more are paced when ``PacerConfiguration/strictForLargeBars`` is off.
    ///
    /// IB lifted the hard limits for these bars but slows them down under load and may disconnect a client that
    /// floods (ib-protocol.md §4.1), without publishing numbers. The simulator models that as latency past 60
    /// weighted requests per 10 minutes and a disconnect past 120 per client per minute. The default here is
    /// ``rateLimit`` 60 per ``rateWindow`` 60 s gateway-wide: half the simulator's flood line for a single
    /// client, so no client of the fleet can be disconnected however the load falls, while the soft slow-down is
    /// left to show up as latency, and the open-request cap keeps that latency from piling up.
    ///
    /// The limit adapts, AIMD-style, with the state in Redis so the whole fleet shares it:
    /// ``GlobalPacer/reportSlowdown()`` halves it (not below ``minimumRateFraction`` of ``rateLimit``, and at most
    /// once per ``slowdownHoldoff``, since every worker sees the same slowdown); it grows back by
    /// ``increasePerSuccess`` per ``GlobalPacer/reportSuccess()`` and by ``recoveryPerWindow`` per ``rateWindow``
    /// of time.
    public struct LargeBarProfile: Sendable, Hashable {
        /// The strict rules that also judge large-bar requests. ``PacerRule/openRequests`` and
        /// ``PacerRule/cooldown`` apply to every request whether listed or not; list ``PacerRule/largeBarRate`` for
        /// the adaptive limit. Default: same-contract, identical, message rate and the large-bar rate (rules 2–5;
        /// not the 60-per-10-minutes rule IB lifted for these bars).
        public var rules: Set<PacerRule> = [.perContract, .identical, .messageRate, .largeBarRate]
        /// Weighted large-bar requests allowed per ``rateWindow`` when nothing has slowed down.
        public var rateLimit: Int = 60
        /// The window (seconds, before scaling) of the large-bar rate.
        public var rateWindow: Double = 60
        /// The floor of the adaptive limit, as a fraction of ``rateLimit``.
        public var minimumRateFraction: Double = 0.25
        /// Units of limit regained per ``rateWindow`` of time since the last change (6: 10 % of the default per
        /// minute, so from the floor back to 60 in under 8 minutes).
        public var recoveryPerWindow: Double = 6
        /// Units of limit regained per reported success.
        public var increasePerSuccess: Double = 0.5
        /// Slowdowns reported within this long (seconds, before scaling) after a halving are the same slowdown.
        public var slowdownHoldoff: Double = 10

        public init() {}

        /// The floor of the adaptive limit, in requests per window.
        public var minimumRate: Double { Double(rateLimit) * minimumRateFraction }

        func validate() throws(PacerError) {
            func check(_ condition: Bool, _ message: String) throws(PacerError) {
                if !condition { throw PacerError(.invalidConfiguration, "Large-bar profile: \(message)") }
            }
            try check(rateLimit >= 1, "rateLimit must be at least 1.")
            try check(rateWindow.isFinite && rateWindow > 0, "rateWindow must be positive.")
            try check(
                minimumRateFraction.isFinite && minimumRateFraction > 0 && minimumRateFraction <= 1,
                "minimumRateFraction must be in (0, 1]."
            )
            try check(minimumRate >= 1, "rateLimit × minimumRateFraction must be at least 1.")
            try check(recoveryPerWindow.isFinite && recoveryPerWindow > 0, "recoveryPerWindow must be positive.")
            try check(
                increasePerSuccess.isFinite && increasePerSuccess >= 0,
                "increasePerSuccess must not be negative."
            )
            try check(slowdownHoldoff.isFinite && slowdownHoldoff >= 0, "slowdownHoldoff must not be negative.")
        }
    }
}
