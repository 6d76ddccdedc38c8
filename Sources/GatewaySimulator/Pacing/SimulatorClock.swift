import Foundation

/// The server's source of time: monotonic seconds for pacing, wall-clock dates for the audit log.
///
/// The pacing types never read a clock themselves; the server reads this one once per message and passes the
/// value on, so one message is judged at one instant. Monotonic time comes from `ContinuousClock`, which keeps
/// counting while the machine sleeps, like the real gateway's windows; it starts at 0 when the clock is made.
public struct SimulatorClock: Sendable {
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    /// A clock whose monotonic time starts now, at 0.
    public init() {
        self.origin = clock.now
    }

    /// Monotonic seconds since the clock was made, for ``PacingEngine`` and friends.
    public func now() -> Double {
        let elapsed = origin.duration(to: clock.now).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    }

    /// The current wall-clock time, for ``AuditEvent`` timestamps.
    public func wallTime() -> Date {
        Date()
    }
}
