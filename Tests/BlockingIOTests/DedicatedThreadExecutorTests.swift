import BackfillTestSupport
import Foundation
import Testing

@testable import BlockingIO

/// An actor on a dedicated thread, recording which thread ran each call and whether two calls ever overlapped.
private actor ThreadRecorder {
    private let executor = DedicatedThreadExecutor(name: "test executor")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private var threads = Set<String>()
    private var inside = 0
    private var overlaps = 0
    private var calls = 0

    func record() {
        inside += 1
        if inside > 1 { overlaps += 1 }
        threads.insert("\(Unmanaged.passUnretained(Thread.current).toOpaque())")
        calls += 1
        inside -= 1
    }

    func summary() -> (threads: Int, overlaps: Int, calls: Int) { (threads.count, overlaps, calls) }

    func isOnMainThread() -> Bool { Thread.isMainThread }

    func shutdown() { executor.shutdown() }
}

@Suite struct DedicatedThreadExecutorTests {
    @Test func runsEveryCallSeriallyOnOneThread() async {
        let recorder = ThreadRecorder()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<2_000 {
                group.addTask { await recorder.record() }
            }
        }
        let summary = await recorder.summary()
        #expect(summary.calls == 2_000)
        #expect(summary.threads == 1)
        #expect(summary.overlaps == 0)
        #expect(await recorder.isOnMainThread() == false)
        await recorder.shutdown()
    }

    @Test func callsAfterShutdownStillComplete() async {
        let recorder = ThreadRecorder()
        await recorder.record()
        await recorder.shutdown()
        // The thread may already have exited; a late call must run rather than hang.
        try? await Task.sleep(for: .milliseconds(50))
        await recorder.record()
        #expect(await recorder.summary().calls == 2)
    }

    @Test(arguments: [
        (Duration.seconds(2), Int64(2000)),
        (Duration.milliseconds(1500), Int64(1500)),
        (Duration.microseconds(999), Int64(0)),
        (Duration.zero, Int64(0)),
    ])
    func durationMilliseconds(duration: Duration, expected: Int64) {
        #expect(duration.milliseconds == expected)
    }
}

/// An actor whose executor has a name longer than Linux keeps.
private actor LongNamed {
    private let executor = DedicatedThreadExecutor(name: "postgres 127.0.0.1:15432")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    func threadName() -> String { CurrentThread.name }
    func shutdown() { executor.shutdown() }
}

@Suite struct DedicatedThreadNameTests {
    /// `top -H` and debuggers show the executor's name, not the name of the pool thread that created it (which a
    /// name longer than the kernel's 15 bytes used to leave in place).
    @Test func theThreadIsNamedAfterItsExecutor() async {
        let actor = LongNamed()
        let name = await actor.threadName()
        #expect(name == "postgres 127.0.", "\(name)")
        await actor.shutdown()
    }

    @Test func namesAreCutToFifteenBytesOnACharacterBoundary() {
        #expect(DedicatedThreadExecutor.osThreadName("postgres 127.0.0.1:15432") == "postgres 127.0.")
        #expect(DedicatedThreadExecutor.osThreadName("short") == "short")
        // "é" is two bytes: fourteen ASCII letters and it make sixteen, so it is left out whole.
        #expect(DedicatedThreadExecutor.osThreadName("abcdefghijklmné") == "abcdefghijklmn")
    }
}
