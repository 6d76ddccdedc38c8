/// A snapshot of one gateway's pacing state, for `backfill status`.
///
/// Counts are weighted where the rule is weighted, and taken on the Redis server's clock at ``time``.
/// Same-contract windows are one key per contract and are not listed.
public struct PacerState: Sendable, Hashable {
    /// The gateway described.
    public var gateway: String
    /// The Redis server's clock when the snapshot was taken (ms since the Unix epoch).
    public var time: Int64
    /// Weighted requests in the rolling 10-minute window (limit ``PacerConfiguration/rollingLimit``).
    public var rollingCount: Int
    /// Distinct request identities inside the identical-request window.
    public var identicalCount: Int
    /// Open-request permits whose lease has not run out.
    public var openRequests: Int
    /// Messages inside the message-rate window.
    public var messageCount: Int
    /// How long the gateway still cools down; zero when it does not.
    public var cooldownRemaining: Duration
    /// How many times the cooldown has doubled since the last quiet period (0 after a first violation).
    public var cooldownLevel: Int
    /// Weighted large-bar requests inside the large-bar window.
    public var largeBarCount: Int
    /// The large-bar limit in force now, after slowdowns and recovery (at most the configured limit).
    public var largeBarRate: Double
    /// How far the fleet's clock is held back from Redis's after forward steps of Redis's clock; zero if none was
    /// ever seen (see ``GlobalPacer``).
    public var clockHeldBack: Duration

    public init(
        gateway: String,
        time: Int64,
        rollingCount: Int,
        identicalCount: Int,
        openRequests: Int,
        messageCount: Int,
        cooldownRemaining: Duration,
        cooldownLevel: Int,
        largeBarCount: Int,
        largeBarRate: Double,
        clockHeldBack: Duration = .zero
    ) {
        self.gateway = gateway
        self.time = time
        self.rollingCount = rollingCount
        self.identicalCount = identicalCount
        self.openRequests = openRequests
        self.messageCount = messageCount
        self.cooldownRemaining = cooldownRemaining
        self.cooldownLevel = cooldownLevel
        self.largeBarCount = largeBarCount
        self.largeBarRate = largeBarRate
        self.clockHeldBack = clockHeldBack
    }
}
