/// Waits between reconnect attempts: doubling from ``base`` to ``cap``, each wait scaled by a random factor in
/// [0.5, 1.5) so a fleet that lost the gateway together (the daily restart) does not come back in lockstep.
public struct ReconnectBackoff: Sendable, Hashable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .milliseconds(500), cap: Duration = .seconds(30)) {
        self.base = base
        self.cap = cap
    }

    /// The wait before attempt `failures + 1`, given `failures` failed attempts in a row (at least one).
    public func delay(afterFailures failures: Int, jitter: Double = Double.random(in: 0..<1)) -> Duration {
        let exponent = min(max(failures - 1, 0), 30)
        let raw = min(cap, base * (1 << exponent))
        return raw * (0.5 + jitter)
    }
}
