import BlockingIO

/// The moment a shutdown must be over, and a way to wait for each step no longer than that.
///
/// A step that calls Redis or PostgreSQL while the server does not answer can block for its whole command timeout
/// (the client's calls are blocking C calls on a thread of their own, which cancellation cannot interrupt). Past the
/// deadline the step is left running instead of awaited: the process is about to exit, and whatever the step would
/// have given back (a chunk, a client id, a registration) returns by itself when its lease runs out.
public struct ShutdownDeadline: Sendable {
    public let instant: ContinuousClock.Instant

    public init(_ instant: ContinuousClock.Instant) {
        self.instant = instant
    }

    /// Runs `step` and waits for it until the deadline, or for `floor` if the deadline is nearer (so even a late
    /// step gets a moment to close a socket politely).
    ///
    /// - Returns: whether the step finished in time.
    @discardableResult
    public func run(floor: Duration = .milliseconds(500), _ step: @escaping @Sendable () async -> Void) async -> Bool {
        let finished = OneShotSignal()
        let task = Task {
            await step()
            finished.trigger()
        }
        // Waited for in a task of its own, so a cancelled caller (a grace period that ended) still waits its turn.
        let until = max(instant, ContinuousClock.now + floor)
        if await Task(operation: { await finished.wait(until: until) }).value { return true }
        task.cancel()
        return false
    }
}
