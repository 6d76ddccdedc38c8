import Logging
import RedisKit

/// The fleet-wide pacer for one IB gateway, kept in Redis: every worker asks it before every request.
///
/// IB's pacing rules (ib-protocol.md §4.1–4.2) count per gateway, not per worker, so the state lives in Redis and
/// one Lua script both judges a request and records it, atomically and on the Redis server's clock: two workers
/// can never both take the last slot of a window, and workers with skewed clocks still agree. The rules, their
/// defaults and the key layout are described in ``PacerConfiguration`` and the KeyLayout article.
///
/// Use ``acquire(_:)`` before sending a request (it sleeps exactly as long as Redis says the blocking window needs),
/// ``markSent(_:)`` as soon as the request is written (IB counts it from then; until then the windows hold it at
/// its send deadline), or ``returnUnsent(_:)`` if it never is, ``release(_:)`` when IB has answered, and report
/// what IB says: ``reportPacingViolation()`` for error 162
/// "pacing violation", ``reportSlowdown()`` and ``reportSuccess()`` for large-bar requests. ``decide(_:)`` is the
/// single step under ``acquire(_:)``, for callers that want to schedule the wait themselves.
///
/// Redis's clock is a wall clock and may step. Each decision checks it against this process's monotonic clock
/// (``FleetClockWatch``): after a forward step, the permit just granted goes back unsent, the fleet's clock is held
/// back by the step for every worker, and the request is judged again.
///
/// Threading: a `GlobalPacer` is a value holding a ``RedisConnection``; copies share that connection (and the
/// clock check), and calls on one connection run one at a time. The pacer does not own the connection: close it
/// yourself.
public struct GlobalPacer: Sendable {
    /// The connection every operation uses.
    public let connection: RedisConnection
    /// The gateway whose limits this pacer keeps: `host:port` or the IB login the gateway runs under.
    public let gateway: String
    /// The settings this pacer was created with.
    public let configuration: PacerConfiguration
    /// The keys, from the configuration's prefix and tag and the gateway.
    public let keys: PacerKeys
    let logger: Logger
    /// Checks each decision's reading of Redis's clock against ours, shared by this pacer's copies.
    let clockMonitor = RedisClockMonitor()

    /// Creates a pacer for one gateway over an existing connection.
    ///
    /// Every worker talking to the same gateway must use the same gateway name and the same configuration;
    /// different limits for one gateway would let the most permissive worker decide.
    ///
    /// - Parameters:
    ///   - connection: the Redis connection to use; not closed by the pacer.
    ///   - gateway: names the gateway, e.g. `127.0.0.1:4002`.
    ///   - configuration: the limits; validated here.
    ///   - logger: receives debug and trace messages about decisions.
    /// - Throws: ``PacerError`` `.invalidConfiguration` for a bad setting or an empty gateway name.
    public init(
        connection: RedisConnection,
        gateway: String,
        configuration: PacerConfiguration = PacerConfiguration(),
        logger: Logger = Logger(label: "backfill.pacer")
    ) throws(PacerError) {
        try configuration.validate()
        self.connection = connection
        self.gateway = gateway
        self.configuration = configuration
        self.keys = try PacerKeys(prefix: configuration.prefix, tag: configuration.hashTag, gateway: gateway)
        var logger = logger
        logger[metadataKey: "gateway"] = "\(gateway)"
        self.logger = logger
    }

    /// The adaptive large-bar settings every script that reads the limit takes: configured limit, floor and
    /// recovery per millisecond.
    var adaptiveArguments: [any RedisArgument] {
        let profile = configuration.largeBars
        let window = Double(configuration.scaledMilliseconds(profile.rateWindow))
        return [profile.rateLimit, profile.minimumRate, profile.recoveryPerWindow / window]
    }
}
