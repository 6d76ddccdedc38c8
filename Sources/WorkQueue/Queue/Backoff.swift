import BlockingIO

/// Exponential backoff with jitter for transient failures.
///
/// After the n-th failed attempt a chunk waits `min(cap, base · 2^(n−1)) · (0.5 + jitter)` with `jitter` in
/// [0, 1), so the wait is 50 % to 150 % of the capped exponential. The fail script computes the same formula on the
/// server (from the server's clock); ``delay(afterAttempts:jitter:)`` is its mirror for tests and for logs.
public struct Backoff: Sendable, Hashable {
    /// The wait after the first failure, before jitter.
    public var base: Duration
    /// The longest wait before jitter.
    public var cap: Duration

    public init(base: Duration, cap: Duration) {
        self.base = base
        self.cap = cap
    }

    /// The wait after `attempts` failed attempts, with `jitter` in [0, 1), in whole milliseconds (rounded down).
    public func delay(afterAttempts attempts: Int, jitter: Double) -> Duration {
        let exponent = Double(max(attempts, 1) - 1)
        let raw = Double(base.milliseconds) * pow2(exponent)
        let capped = min(raw, Double(cap.milliseconds))
        let factor = 0.5 + min(max(jitter, 0), 1)
        return .milliseconds(Int64((capped * factor).rounded(.down)))
    }

    private func pow2(_ exponent: Double) -> Double {
        // Past 2^1023 the double is infinite, which `min` with the cap handles like the Lua `math.pow`.
        exponent > 1023 ? .infinity : Double(sign: .plus, exponent: Int(exponent), significand: 1)
    }
}
