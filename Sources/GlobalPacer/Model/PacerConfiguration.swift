import BlockingIO
import RedisKit

/// The limits a ``GlobalPacer`` keeps a fleet inside, with defaults a little below IB's published numbers.
///
/// Windows are written in IB's seconds and multiplied by ``scale`` when used, exactly like the simulator's
/// `PacingConfiguration.scale` (`BACKFILL_PACING_SCALE` in the app), so a fleet pacing at scale 0.01 stays inside
/// a simulator running at 0.01. Counts and limits are never scaled. ``windowMargin`` is added to every window
/// after scaling: the pacer decides on Redis's clock but IB judges on arrival, and the network's delay between the
/// two does not shrink with the scale; a worker's own delay between permit and send is covered by
/// ``sendDeadline`` instead.
///
/// Which rules judge a request is decided by ``rules(for:)``: every rule for bars of 30 seconds or less and for
/// head-timestamp requests (IB's small-bar rules, ib-protocol.md §4.1); ``largeBars`` for the rest, unless
/// ``strictForLargeBars`` is set.
///
/// Validate with ``validate()``; ``GlobalPacer/init(connection:gateway:configuration:logger:)`` does.
public struct PacerConfiguration: Sendable, Hashable {
    /// Put in front of every key, so several deployments can share one Redis.
    public var prefix: String = "backfill:"
    /// The hash tag shared by every key (Redis Cluster): the same as the work queue's by default.
    public var hashTag: String = "bf"

    /// Multiplies every window (not ``openRequestLease``, ``openRequestPollInterval``, ``windowMargin`` or
    /// ``sendDeadline``); positive and finite, 1 is real time.
    public var scale: Double = 1
    /// Added to every window after scaling, so requests that left Redis's window have also left IB's by the
    /// time they arrive. Windows hold each request from the moment it was written to the socket (see
    /// ``sendDeadline``), so the margin covers only what happens after that: the network's delay and jitter to
    /// the gateway and the gateway's own delay in reading it. 250 ms costs 0.04 % of the 600 s window; set zero
    /// for exact windows.
    public var windowMargin: Duration = .milliseconds(250)
    /// How long after its grant a permit's request may still be written. Until the worker marks it sent, the
    /// windows hold the permit at this deadline, the latest IB could see it, so a worker delayed between permit
    /// and send (a loaded machine, a paused process) can never let a later permit into a window IB still counts
    /// it in; a request not written by then is not written at all and its permit goes back. Not scaled: such
    /// delays do not shrink with the pacing scale. Ten seconds is far longer than a healthy worker needs and
    /// short enough that a worker killed between permit and send holds a slot only ten seconds longer.
    public var sendDeadline: Duration = .seconds(10)

    /// Applies every strict rule (1–5) to every bar size, and no large-bar profile.
    public var strictForLargeBars: Bool = false
    /// The largest bar, in seconds, that IB calls small ("30 secs or less").
    public var largestSmallBarSeconds: Int = 30

    /// The rolling window (seconds, before scaling) of the 60-requests rule.
    public var rollingWindow: Double = 600
    /// Weighted requests allowed in ``rollingWindow``; IB's "more than 60" breaks the rule, so 60.
    public var rollingLimit: Int = 60

    /// The window (seconds, before scaling) of the same-contract rule.
    public var perContractWindow: Double = 2
    /// Weighted requests allowed per contract, exchange and whatToShow in ``perContractWindow``; IB's "six or
    /// more" breaks the rule, so 5.
    public var perContractLimit: Int = 5

    /// Identical requests must be at least this far apart (seconds, before scaling).
    public var identicalWindow: Double = 15

    /// whatToShow values that count twice in the weighted windows (rolling, same-contract, large-bar).
    public var doubleWeightWhatToShow: Set<String> = ["BID_ASK"]

    /// Historical requests open at once on the gateway, 1 to 50 (IB's cap). 6 by default: IB recommends far
    /// fewer than 50, and more in flight only makes each answer slower.
    public var maxOpenRequests: Int = 6
    /// How long a permit holds its open-request slot unless released or renewed. Not scaled: it bounds how long
    /// a dead worker's slot stays taken, and cutting it short would free slots of requests still running. Two
    /// minutes is longer than IB takes to answer a sensible chunk (IB itself suggests cancelling a request that
    /// takes several minutes).
    public var openRequestLease: Duration = .seconds(120)
    /// The longest wait answered for ``PacerRule/openRequests``: a release may free a slot long before the
    /// earliest lease runs out, and nothing tells waiting workers, so they look again this often. Not scaled.
    public var openRequestPollInterval: Duration = .milliseconds(250)

    /// The window (seconds, before scaling) of the message-rate rule.
    public var messageWindow: Double = 1
    /// Messages allowed per ``messageWindow``. IB allows 50 with the default 100 market-data lines and may reject
    /// (and after three rejections disconnect) above; 45 leaves room for messages the pacer does not see.
    public var messageLimit: Int = 45

    /// The first cooldown after a pacing violation (seconds, before scaling).
    public var cooldownBase: Double = 60
    /// The longest cooldown (seconds, before scaling): IB's whole 10-minute window, after which every request
    /// sent before the violation has left it.
    public var cooldownCap: Double = 600
    /// A violation within this long (seconds, before scaling) after the previous one doubles the cooldown;
    /// after a quiet period this long the next starts again at ``cooldownBase``.
    public var cooldownResetWindow: Double = 600

    /// The rules and the adaptive rate for bars of 1 minute and more.
    public var largeBars: LargeBarProfile = LargeBarProfile()

    /// IB's limits at real time, with the defaults above.
    public init() {}

    /// The defaults with windows multiplied by `scale`.
    public init(scale: Double, strictForLargeBars: Bool = false) {
        self.scale = scale
        self.strictForLargeBars = strictForLargeBars
    }

    /// Checks every value the scripts rely on.
    ///
    /// - Throws: ``PacerError`` `.invalidConfiguration` naming the first bad setting.
    public func validate() throws(PacerError) {
        func check(_ condition: Bool, _ message: String) throws(PacerError) {
            if !condition { throw PacerError(.invalidConfiguration, message) }
        }
        func checkWindow(_ seconds: Double, _ name: String) throws(PacerError) {
            try check(seconds.isFinite && seconds > 0, "\(name) must be a positive number of seconds, not \(seconds).")
        }
        try check(scale.isFinite && scale > 0, "The pacing scale must be positive and finite, not \(scale).")
        try check(windowMargin >= .zero, "windowMargin must not be negative.")
        try check(largestSmallBarSeconds >= 1, "largestSmallBarSeconds must be at least 1.")
        try checkWindow(rollingWindow, "rollingWindow")
        try check(rollingLimit >= 1, "rollingLimit must be at least 1.")
        try checkWindow(perContractWindow, "perContractWindow")
        try check(perContractLimit >= 1, "perContractLimit must be at least 1.")
        try checkWindow(identicalWindow, "identicalWindow")
        try check(
            (1...50).contains(maxOpenRequests),
            "maxOpenRequests must be 1 to 50 (IB's cap), not \(maxOpenRequests)."
        )
        try check(openRequestLease >= .milliseconds(1), "openRequestLease must be at least 1 ms.")
        try check(sendDeadline >= .milliseconds(1), "sendDeadline must be at least 1 ms.")
        try check(openRequestPollInterval >= .milliseconds(1), "openRequestPollInterval must be at least 1 ms.")
        try checkWindow(messageWindow, "messageWindow")
        try check(messageLimit >= 1, "messageLimit must be at least 1.")
        try checkWindow(cooldownBase, "cooldownBase")
        try check(cooldownCap.isFinite && cooldownCap >= cooldownBase, "cooldownCap must not be below cooldownBase.")
        try checkWindow(cooldownResetWindow, "cooldownResetWindow")
        try largeBars.validate()
        _ = try RedisKeySpace(prefix: prefix, tag: hashTag, of: GlobalPacer.self)
    }
}
