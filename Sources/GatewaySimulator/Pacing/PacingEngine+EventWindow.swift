extension PacingEngine {
    /// Weighted events inside a sliding time window; shared by the engine, the message limiter and the throttle.
    ///
    /// Boundary: an event at `t` counts at `now` while `now - t < window`. At exactly `window` seconds it has
    /// left, so a request 600 s after an earlier one no longer sees it. To keep that boundary exact when windows
    /// are scaled (`15 * 0.01` is not exactly `0.15` in binary), differences within ``tolerance`` of the window
    /// count as reaching it.
    ///
    /// Times are expected not to decrease (the simulator's clock is monotonic). An out-of-order time only makes
    /// the window keep events longer than needed, never drop one early.
    struct EventWindow: Sendable, Hashable {
        /// A nanosecond: far below any window, far above the rounding error of scaled windows.
        static let tolerance = 1e-9

        private var times: [Double] = []
        private var weights: [Int] = []
        private var head = 0

        /// The summed weight of the events kept; exact after ``prune(now:window:)``.
        private(set) var total = 0

        init() {}

        /// Whether an event at `time` has left a window of `window` seconds at `now`.
        static func hasExpired(eventAt time: Double, now: Double, window: Double) -> Bool {
            now - time >= window - tolerance
        }

        /// Whether no event is kept.
        var isEmpty: Bool {
            head == times.count
        }

        /// Drops the events that have left the window.
        mutating func prune(now: Double, window: Double) {
            while head < times.count, Self.hasExpired(eventAt: times[head], now: now, window: window) {
                total -= weights[head]
                head += 1
            }
            if head == times.count {
                times.removeAll(keepingCapacity: true)
                weights.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64, head * 2 >= times.count {
                times.removeFirst(head)
                weights.removeFirst(head)
                head = 0
            }
        }

        /// Adds an event.
        mutating func append(weight: Int, at time: Double) {
            times.append(time)
            weights.append(weight)
            total += weight
        }
    }
}
