/// Notices when the Redis server's clock steps forward, against this process's monotonic clock.
///
/// The pacer's windows run on Redis's `TIME`, a wall clock: the one clock every worker of the fleet shares. A wall
/// clock can step (an NTP daemon correcting a large offset, a virtual machine resumed or migrated). A backward step
/// is safe: entries then lie in the future and keep counting. A forward step of Δ is not: every window looks Δ
/// further along than IB's, whose clock did not step, and a step larger than
/// ``PacerConfiguration/windowMargin`` lets the fleet send a 61st request.
///
/// Each reply the pacer reads carries Redis's time `F`, read between our monotonic instants `asked` (before the
/// call) and `received` (after it). Without a step, Redis's clock and ours advance together, so `F − asked` can
/// only shrink towards the true offset between them and never grow; the smallest seen, ``reference``, bounds every
/// later reading: `F ≤ reference + received`. A reading above that bound by more than ``tolerance`` is a forward
/// step, held back in full (see ``read(redisTime:asked:received:)``). Different machines' oscillators may run apart
/// a little, so the reference loosens by ``drift`` of the time since it was taken.
///
/// The bound is exact, not an estimate: a slow network, a starved process or a long pause only loosen it, so a
/// busy machine never reports a step that did not happen. What it cannot see is a step before this process's first
/// reading; any other worker that has read the clock before the step sees it.
///
/// A value type holding no clock: callers pass the instants, so tests drive it with plain numbers.
struct FleetClockWatch: Sendable {
    /// A step below this is left alone: the window margin (250 ms by default) covers it.
    static let tolerance: Int64 = 25
    /// How fast the reference loosens, per millisecond since it was taken: 200 ppm, above any working oscillator's
    /// error against another.
    static let drift = 0.0002

    /// The smallest `F − asked` seen (ms), when it was taken (our monotonic ms), or nil before the first reading.
    private(set) var reference: (offset: Int64, at: Int64)?

    /// Takes one reading of Redis's clock.
    ///
    /// A step is seen when the reading exceeds the bound at `received` by more than ``tolerance``: exact, so a slow
    /// call is never taken for a step. How much to hold the clock back by is then counted from `asked` instead: at
    /// least the whole step (up to the reference's own slack, the fastest call's few milliseconds), and at most the
    /// call's duration more. Holding back too much only makes the windows count a little longer, once; holding back
    /// too little would leave the clock ahead, and a busy machine, whose calls take seconds, would need many
    /// readings to catch up.
    ///
    /// - Parameters:
    ///   - redisTime: Redis's time as the script read it (ms).
    ///   - asked: our monotonic time (ms) just before the call was sent.
    ///   - received: our monotonic time (ms) just after its reply arrived.
    /// - Returns: how far (ms) to hold Redis's clock back, when it stepped forward by more than ``tolerance``; nil
    ///   otherwise. The reading then counts as if held back by that much.
    mutating func read(redisTime: Int64, asked: Int64, received: Int64) -> Int64? {
        guard let atAsked = bound(at: asked), let atReceived = bound(at: received) else {
            reference = (redisTime - asked, asked)
            return nil
        }
        var holdBack: Int64?
        if redisTime - (atReceived + received) > Self.tolerance { holdBack = redisTime - (atAsked + asked) }
        let offset = redisTime - (holdBack ?? 0) - asked
        if offset <= atAsked { reference = (offset, asked) }
        return holdBack
    }

    /// The latest Redis's clock can read at our monotonic time `asked` (ms) plus `allowance` (ms) without a forward
    /// step, or nil before the first reading. A script that reads its clock later than `asked + allowance` may see
    /// more without a step: the allowance is the delay a call may take before the script runs.
    func ceiling(asked: Int64, allowance: Int64) -> Int64? {
        guard let bound = bound(at: asked + allowance) else { return nil }
        return bound + asked + allowance
    }

    /// The reference as it stands at our monotonic time `now` (ms): loosened by the drift since it was taken.
    private func bound(at now: Int64) -> Int64? {
        guard let reference else { return nil }
        let loosening = (Double(max(0, now - reference.at)) * Self.drift).rounded(.up)
        return reference.offset + Int64(loosening)
    }
}
