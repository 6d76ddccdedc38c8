import BlockingIO
import Synchronization

/// A ``FleetClockWatch`` shared by every copy of one ``GlobalPacer``, with the monotonic clock it reads against.
///
/// The pacer is a value that copies freely, and all copies' readings of Redis's clock belong to one reference.
final class RedisClockMonitor: Sendable {
    private let origin = ContinuousClock.now
    private let watch = Mutex(FleetClockWatch())

    /// Our monotonic time in whole milliseconds since this monitor was made.
    ///
    /// - Parameter roundingUp: whether to round up (for an instant after an event) rather than down (before one),
    ///   so the bound the watch keeps stays on the safe side by the millisecond too.
    func milliseconds(at instant: ContinuousClock.Instant, roundingUp: Bool) -> Int64 {
        let elapsed = origin.duration(to: instant)
        let whole = elapsed.milliseconds
        return roundingUp && elapsed > .milliseconds(whole) ? whole + 1 : whole
    }

    /// Takes one reading of Redis's clock; see ``FleetClockWatch/read(redisTime:asked:received:)``.
    func read(redisTime: Int64, asked: ContinuousClock.Instant, received: ContinuousClock.Instant) -> Int64? {
        let asked = milliseconds(at: asked, roundingUp: false)
        let received = milliseconds(at: received, roundingUp: true)
        return watch.withLock { $0.read(redisTime: redisTime, asked: asked, received: received) }
    }

    /// The latest the fleet's clock can read `allowance` after `asked` without a forward step, if known (ms); see
    /// ``FleetClockWatch/ceiling(asked:allowance:)``.
    func ceiling(asked: ContinuousClock.Instant, allowance: Duration) -> Int64? {
        let asked = milliseconds(at: asked, roundingUp: false)
        return watch.withLock { $0.ceiling(asked: asked, allowance: allowance.milliseconds) }
    }
}
