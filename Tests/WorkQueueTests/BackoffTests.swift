import BlockingIO
import Testing
import WorkQueue

@Suite struct BackoffTests {
    let backoff = Backoff(base: .milliseconds(100), cap: .milliseconds(1000))

    @Test func doublesFromTheBaseUpToTheCap() {
        let waits = (1...7).map { backoff.delay(afterAttempts: $0, jitter: 0.5) }
        #expect(waits == [100, 200, 400, 800, 1000, 1000, 1000].map { Duration.milliseconds($0) })
    }

    @Test func jitterScalesFromHalfToOneAndAHalf() {
        #expect(backoff.delay(afterAttempts: 2, jitter: 0) == .milliseconds(100))
        #expect(backoff.delay(afterAttempts: 2, jitter: 0.25) == .milliseconds(150))
        #expect(backoff.delay(afterAttempts: 2, jitter: 0.999) == .milliseconds(299))
        #expect(backoff.delay(afterAttempts: 9, jitter: 1) == .milliseconds(1500))
    }

    @Test func hugeAttemptCountsStayAtTheCap() {
        #expect(backoff.delay(afterAttempts: 5000, jitter: 0.5) == .milliseconds(1000))
        #expect(backoff.delay(afterAttempts: 0, jitter: 0.5) == .milliseconds(100))
    }
}
