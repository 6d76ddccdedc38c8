import BlockingIO
import Logging
import RedisKit

extension GlobalPacer {
    /// Starts a fleet-wide cooldown for this gateway after IB error 162 "Historical data request pacing violation".
    ///
    /// Every ``decide(_:)`` then answers wait with ``PacerRule/cooldown`` until it ends. The first cooldown lasts
    /// ``PacerConfiguration/cooldownBase`` (60 s); a violation within ``PacerConfiguration/cooldownResetWindow``
    /// (10 minutes) after the previous cooldown doubles it, up to ``PacerConfiguration/cooldownCap`` (10 minutes,
    /// IB's whole window), all multiplied by the scale. Reports during a cooldown only confirm it, so several
    /// workers reporting one incident escalate nothing.
    ///
    /// - Returns: the cooldown now in force.
    /// - Throws: ``PacerError``.
    @discardableResult
    public func reportPacingViolation() async throws(PacerError) -> PacerCooldown {
        let c = configuration
        let reply = try await runOnFleetClock(
            PacerScript.violation,
            keys: [keys.cooldown],
            arguments: [
                c.scaledMilliseconds(c.cooldownBase), c.scaledMilliseconds(c.cooldownCap),
                c.scaledMilliseconds(c.cooldownResetWindow),
            ]
        )
        let parts = try reply.elements()
        let cooldown = PacerCooldown(
            remaining: .milliseconds(try parts.element(0).number()),
            level: Int(try parts.element(1).number()),
            escalated: try parts.element(2).number() == 1
        )
        logger.debug(
            "Pacing violation reported",
            metadata: ["cooldown": "\(cooldown.remaining)", "level": "\(cooldown.level)"]
        )
        return cooldown
    }

    /// Halves the fleet's large-bar rate after IB slowed down or cancelled a large-bar request (error 162 "API
    /// historical data query cancelled").
    ///
    /// The rate does not fall below the profile's floor, and reports within
    /// ``PacerConfiguration/LargeBarProfile/slowdownHoldoff`` of a halving count as the same slowdown. It recovers
    /// with time and with ``reportSuccess()``.
    ///
    /// - Returns: the large-bar limit now in force (requests per window).
    /// - Throws: ``PacerError``.
    @discardableResult
    public func reportSlowdown() async throws(PacerError) -> Double {
        let holdoff = configuration.scaledMilliseconds(configuration.largeBars.slowdownHoldoff)
        let reply = try await runOnFleetClock(
            PacerScript.slowdown,
            keys: [keys.adaptive],
            arguments: adaptiveArguments + [holdoff]
        )
        let parts = try reply.elements()
        let rate = try parts.element(0).decimal()
        logger.debug("Large-bar slowdown reported", metadata: ["rate": "\(rate)"])
        return rate
    }

    /// Lets the large-bar rate grow back by ``PacerConfiguration/LargeBarProfile/increasePerSuccess`` after a
    /// large-bar request was answered promptly. Cheap when nothing has slowed down.
    ///
    /// - Returns: the large-bar limit now in force.
    /// - Throws: ``PacerError``.
    @discardableResult
    public func reportSuccess() async throws(PacerError) -> Double {
        let profile = configuration.largeBars
        let holdoff = configuration.scaledMilliseconds(profile.slowdownHoldoff)
        let reply = try await runOnFleetClock(
            PacerScript.success,
            keys: [keys.adaptive],
            arguments: adaptiveArguments + [profile.increasePerSuccess, holdoff]
        )
        return try reply.decimal()
    }
}
