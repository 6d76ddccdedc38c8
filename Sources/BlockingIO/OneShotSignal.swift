import NIOConcurrencyHelpers

/// A one-way switch that tasks can wait for: set once (SIGTERM, a write's outcome, a finished step), seen by every
/// waiter at once, so no one polls for it.
///
/// A wait ends when the switch is set or when the waiting task is cancelled, so ``wait(until:)`` can race it
/// against a deadline without leaving a waiter behind.
public final class OneShotSignal: Sendable {
    private struct State {
        var triggered = false
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    // NIO's lock is a pthread mutex, which ThreadSanitizer understands; the standard library's `Mutex` waits on a
    // futex TSan does not see, so CI's sanitizer run reported its accesses as races.
    private let state = NIOLockedValueBox(State())

    public init() {}

    public var isTriggered: Bool { state.withLockedValue { $0.triggered } }

    /// Sets the switch and wakes every waiter; later calls do nothing.
    public func trigger() {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            guard !state.triggered else { return [] }
            state.triggered = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the switch is set, or as soon as the task is cancelled.
    public func wait() async {
        let id = state.withLockedValue { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLockedValue { state -> Bool in
                    // Cancelled before the waiter was registered: the handler below found nothing to resume.
                    if state.triggered || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLockedValue { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Waits until the switch is set or `deadline` passes, whichever is first.
    ///
    /// - Returns: whether the switch is set.
    public func wait(until deadline: ContinuousClock.Instant) async -> Bool {
        if isTriggered { return true }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait() }
            group.addTask { try? await Task.sleep(until: deadline) }
            await group.next()
            group.cancelAll()
        }
        return isTriggered
    }
}
