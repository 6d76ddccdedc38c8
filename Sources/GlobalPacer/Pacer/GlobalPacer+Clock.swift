import Logging
import RedisKit

extension GlobalPacer {
    /// A forward step of Redis's clock seen in one reading.
    struct ClockStep: Sendable, Hashable {
        /// How far (ms) to hold the clock back: the whole step, and at most the reading call's duration more.
        let size: Int64
        /// The offset the fleet's clock was held back by when it was read (ms).
        let offsetRead: Int64
    }

    /// How late after asking a script may read the clock before the ceiling stops it: the window margin, which
    /// covers a step that small anyway, and at least 50 ms so an ordinary call is not asked twice.
    var clockAllowance: Duration { max(configuration.windowMargin, .milliseconds(50)) }

    /// Checks one reading of the fleet's clock, taken by a script between `asked` and `received`.
    ///
    /// - Parameters:
    ///   - now: the fleet's time the script used (ms).
    ///   - offset: how far the fleet's clock was held back from Redis's then (ms).
    /// - Returns: the step, if the clock stepped forward beyond ``FleetClockWatch/tolerance``.
    func clockStep(
        now: Int64,
        offset: Int64,
        _ asked: ContinuousClock.Instant,
        _ received: ContinuousClock.Instant
    ) -> ClockStep? {
        guard let size = clockMonitor.read(redisTime: now, asked: asked, received: received) else { return nil }
        return ClockStep(size: size, offsetRead: offset)
    }

    /// Holds the fleet's clock back by a step, for every worker of this gateway.
    ///
    /// Idempotent across workers: each asks for the offset it read plus the step it saw, and the larger stands.
    func holdBackClock(_ step: ClockStep) async throws(PacerError) {
        let wanted = step.offsetRead + step.size
        let reply = try await run(PacerScript.holdBack, keys: [keys.clock], arguments: [wanted])
        let offset = try reply.number()
        logger.warning(
            "Redis's clock stepped forward; the pacer's clock is held back so that no window ends early",
            metadata: ["heldBackByMs": "\(step.size)", "heldBackMs": "\(offset)"]
        )
    }
}
