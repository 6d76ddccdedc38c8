import Foundation
import MarketCalendar

/// The server's source of time: monotonic seconds for pacing, and the same as dates for the audit log.
///
/// The pacing types never read a clock themselves; the server reads this one once per message and passes the
/// value on, so one message is judged at one instant. Monotonic time comes from `ContinuousClock`, which keeps
/// counting while the machine sleeps, like the real gateway's windows; it starts at 0 when the clock is made.
///
/// Market time (which bars exist yet, which contracts have expired) is a third reading, ``marketTime()``: the
/// system clock, or in tests the shared ``MarketClock`` file that the scheduler reads too.
public struct SimulatorClock: Sendable {
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    private let originDate: Date
    private let market: MarketClock

    /// A clock whose monotonic time starts now, at 0.
    ///
    /// - Parameter market: Where market time comes from; the system clock unless a test sets a file.
    public init(market: MarketClock = .system) {
        self.origin = clock.now
        self.originDate = Date()
        self.market = market
    }

    /// Monotonic seconds since the clock was made, for ``PacingEngine`` and friends.
    public func now() -> Double {
        let elapsed = origin.duration(to: clock.now).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    }

    /// The current time as a date, for ``AuditEvent`` timestamps: the wall-clock time the clock was made, plus
    /// the monotonic time since.
    ///
    /// Not the system clock's reading: if that stepped, the audit would judge the windows on a different clock from
    /// the engine's. IB's clock is its own, whatever ours does.
    public func wallTime() -> Date {
        originDate.addingTimeInterval(now())
    }

    /// The market's "now", UTC epoch seconds: what the gateway has data up to.
    ///
    /// The simulator checks at start that a test clock file reads; should a later read fail (the file removed
    /// mid-test), the system time is used so that a request is still answered.
    public func marketTime() -> Int64 {
        (try? market.now()) ?? Int64(Date().timeIntervalSince1970)
    }
}
