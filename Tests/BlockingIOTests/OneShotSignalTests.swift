import BlockingIO
import Testing

@Suite struct OneShotSignalTests {
    @Test func triggerWakesEveryWaiterAndLaterWaitsReturnAtOnce() async {
        let signal = OneShotSignal()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<3 { group.addTask { await signal.wait() } }
            try? await Task.sleep(for: .milliseconds(20))
            signal.trigger()
            await group.waitForAll()
        }
        #expect(signal.isTriggered)
        await signal.wait()
        #expect(await signal.wait(until: .now - .seconds(1)))
    }

    @Test func aDeadlineEndsTheWaitWithoutTheSignal() async {
        let signal = OneShotSignal()
        let started = ContinuousClock.now
        #expect(await signal.wait(until: .now + .milliseconds(50)) == false)
        #expect(ContinuousClock.now - started >= .milliseconds(50))
        #expect(!signal.isTriggered)
    }

    @Test func cancellingAWaiterEndsItsWaitAndLeavesTheSignalUnset() async {
        let signal = OneShotSignal()
        let waiter = Task { await signal.wait() }
        try? await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        await waiter.value
        #expect(!signal.isTriggered)
        // A waiter cancelled before it waits returns at once too.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await signal.wait()
        }
        await early.value
    }
}
