import RedisKit

/// The Redis keys of one gateway's pacer: `<prefix>{<tag>}:pacer:<gateway>:<name>`.
///
/// Every key carries the deployment's hash tag, so on Redis Cluster they share one slot (with the work queue's
/// keys too) and one script may touch all of them. The gateway part keeps each gateway's limits apart: IB counts
/// per gateway session. The layout is described in the KeyLayout article.
public struct PacerKeys: Sendable, Hashable {
    /// Everything before the key name: `<prefix>{<tag>}:pacer:<gateway>:`.
    public let base: String

    /// Builds the keys for a prefix, hash tag and gateway.
    ///
    /// - Throws: ``PacerError`` `.invalidConfiguration` for an empty tag or one with braces, a prefix containing
    ///   `{` (Redis Cluster hashes the first `{…}` of a key), or an empty gateway.
    public init(prefix: String, tag: String, gateway: String) throws(PacerError) {
        let space = try RedisKeySpace(prefix: prefix, tag: tag, of: GlobalPacer.self)
        guard !gateway.isEmpty else {
            throw PacerError(.invalidConfiguration, "The pacer's gateway name must not be empty.")
        }
        base = space.base + "pacer:\(gateway):"
    }

    /// Zset: one member per weighted unit of the 60-requests rule, scored by grant time.
    public var rolling: String { base + "rolling" }
    /// Zset: request identities scored by the time they were last granted.
    public var identical: String { base + "identical" }
    /// Zset: open-request permit tokens scored by their lease deadline.
    public var open: String { base + "open" }
    /// Zset: one member per message, scored by the time it was recorded.
    public var messages: String { base + "messages" }
    /// Hash: the cooldown's `until`, escalation `level` and `last` violation time.
    public var cooldown: String { base + "cooldown" }
    /// Zset: one member per weighted unit of large-bar requests, scored by grant time.
    public var largeBars: String { base + "largebar" }
    /// Hash: the adaptive large-bar limit (`rate`, as of `at`) and the last halving (`cut`).
    public var adaptive: String { base + "adaptive" }
    /// String: how far (ms) the fleet's clock is held back from Redis's `TIME`, after forward steps of that clock
    /// (``FleetClockWatch``). Absent until a step is seen, then kept without expiry: were it to vanish while the
    /// windows hold entries, the fleet's clock would jump forward by it.
    public var clock: String { base + "clock" }

    /// Zset: weighted units of the same-contract rule for one contract, exchange and whatToShow.
    ///
    /// The two IB identifiers come first and may not contain `|`, so any contract key maps to a distinct name.
    public func perContract(contractKey: String, exchange: String, whatToShow: String) -> String {
        base + "contract:\(whatToShow)|\(exchange)|\(contractKey)"
    }
}
