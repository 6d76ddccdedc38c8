/// What ``GlobalPacer/reportPacingViolation()`` did.
public struct PacerCooldown: Sendable, Hashable {
    /// How long the gateway now cools down, from the report (Redis clock).
    public var remaining: Duration
    /// The escalation level: the cooldown is `cooldownBase · 2^level`, capped at ``PacerConfiguration/cooldownCap``.
    public var level: Int
    /// False when the report arrived during a cooldown and so only confirmed it: violations of requests sent
    /// before the cooldown began are one incident, not several.
    public var escalated: Bool

    public init(remaining: Duration, level: Int, escalated: Bool) {
        self.remaining = remaining
        self.level = level
        self.escalated = escalated
    }
}
