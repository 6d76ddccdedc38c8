import Foundation

/// A serial executor that runs every job on one thread of its own.
///
/// hiredis and libpq calls block their thread for a network round trip (and `BLMOVE` for seconds), so they must
/// never run on Swift's cooperative pool, which has only as many threads as cores. An actor that owns a C handle
/// returns this executor from `unownedExecutor`; its methods then run here, one at a time, and the handle is only
/// ever touched from this thread.
///
/// Lifecycle: the thread starts in `init` and ends after ``shutdown()`` once the jobs already queued have run.
/// Jobs enqueued after shutdown still run (an actor may be asked to close after it was shut down), so no
/// continuation is ever left hanging; the thread exits only when the queue is empty.
///
/// `@unchecked Sendable`: all mutable state (`jobs`, `isShutDown`, `isRunning`) is read and written only while
/// `condition` is locked.
public final class DedicatedThreadExecutor: SerialExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var nextJob = 0
    private var isShutDown = false
    private var isRunning = false

    /// Starts the thread.
    ///
    /// - Parameter name: the thread's name, shown by debuggers and `top -H`.
    public init(name: String) {
        let osName = Self.osThreadName(name)
        let thread = Thread { [self] in
            Self.nameCurrentThread(osName)
            self.runLoop()
        }
        isRunning = true
        thread.start()
    }

    /// Names the calling thread for `top -H` and debuggers.
    ///
    /// A new thread starts with its creator's name (here a cooperative pool thread's), and Foundation's
    /// `Thread.name` does not reliably reach the kernel on Linux (it drops names over 15 bytes, and a `Thread.current`
    /// looked up later may be another object). So the kernel's own file for it is written, as `prctl` would.
    static func nameCurrentThread(_ name: String) {
        #if os(Linux)
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        var bytes = Array(name.utf8)
        _ = write(descriptor, &bytes, bytes.count)
        close(descriptor)
        #else
        Thread.current.name = name
        #endif
    }

    /// `name` cut to the 15 bytes Linux keeps for a thread's name, on a character boundary.
    static func osThreadName(_ name: String) -> String {
        var kept = ""
        for character in name {
            guard kept.utf8.count + character.utf8.count <= 15 else { break }
            kept.append(character)
        }
        return kept
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        let mustRestart = !isRunning
        if mustRestart { isRunning = true }
        condition.signal()
        condition.unlock()
        if mustRestart {
            // The thread exited after shutdown; a late job gets a short-lived thread so it is never lost.
            let thread = Thread { [self] in self.runLoop() }
            thread.start()
        }
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Lets the thread end once its queue is empty. Safe to call more than once and from any thread.
    public func shutdown() {
        condition.lock()
        isShutDown = true
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        while true {
            condition.lock()
            while nextJob == jobs.count && !isShutDown {
                condition.wait()
            }
            if nextJob == jobs.count {
                // Shut down and drained.
                jobs.removeAll()
                nextJob = 0
                isRunning = false
                condition.unlock()
                return
            }
            let job = jobs[nextJob]
            nextJob += 1
            if nextJob > 1024 && nextJob * 2 > jobs.count {
                // Drop the consumed prefix now and then, so the array neither grows forever nor shifts per job.
                jobs.removeFirst(nextJob)
                nextJob = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }
}
