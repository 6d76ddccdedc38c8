/// A rule the pacer enforces; the reason a ``PacerDecision/wait(_:rule:)`` names, for logs and metrics.
///
/// The raw values are what the Lua scripts use, so they must not change without changing the scripts.
public enum PacerRule: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// At most ``PacerConfiguration/rollingLimit`` (60) weighted historical requests in any rolling
    /// ``PacerConfiguration/rollingWindow`` (10 minutes) per gateway; IB's "more than 60 in 10 minutes".
    case rolling60
    /// At most ``PacerConfiguration/perContractLimit`` (5) weighted requests for one contract, exchange and
    /// whatToShow in any ``PacerConfiguration/perContractWindow`` (2 s); IB's "six or more in 2 seconds".
    case perContract
    /// No identical request within ``PacerConfiguration/identicalWindow`` (15 s).
    case identical
    /// At most ``PacerConfiguration/maxOpenRequests`` historical requests open at once (IB allows 50).
    case openRequests
    /// At most ``PacerConfiguration/messageLimit`` messages per ``PacerConfiguration/messageWindow`` (1 s).
    case messageRate
    /// The gateway is cooling down after a reported pacing violation (IB error 162).
    case cooldown
    /// The adaptive rate limit for bars of 1 minute and more (``PacerConfiguration/LargeBarProfile``).
    case largeBarRate

    public var description: String { rawValue }
}
