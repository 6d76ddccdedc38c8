#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    private let condition = ThreadCondition()
    private var jobs: [UnownedJob] = []
    private var nextJob = 0
    private var isShutDown = false
    private var isRunning = false

    /// Starts the thread.
    ///
    /// - Parameter name: the thread's name, shown by debuggers and `top -H`.
    public init(name: String) {
        let osName = Self.osThreadName(name)
        // No thread (the system at its limit) leaves `isRunning` false: the first job then tries again.
        isRunning = DetachedThread.start { [self] in
            Self.nameCurrentThread(osName)
            self.runLoop(waitingForJobs: true)
        }
    }

    /// Names the calling thread for `top -H` and debuggers.
    ///
    /// A new thread starts with its creator's name (here a cooperative pool thread's). The kernel's own file for it
    /// is written, as `prctl` would; Linux keeps 15 bytes of it.
    static func nameCurrentThread(_ name: String) {
        #if os(Linux)
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        var bytes = Array(name.utf8)
        _ = write(descriptor, &bytes, bytes.count)
        close(descriptor)
        #else
        pthread_setname_np(name)
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
            // The thread exited after shutdown (or never started); a late job gets a short-lived thread so it is
            // never lost. Should the system have no thread to give, the job runs here, on the caller's thread: slower
            // for the pool, but never a continuation left hanging.
            let started = DetachedThread.start { [self] in self.runLoop(waitingForJobs: true) }
            if !started { runLoop(waitingForJobs: false) }
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

    /// Runs queued jobs in order, and returns once the queue is empty after shutdown (or at once, if not
    /// `waitingForJobs`).
    private func runLoop(waitingForJobs: Bool) {
        while true {
            condition.lock()
            while nextJob == jobs.count && !isShutDown && waitingForJobs {
                condition.wait()
            }
            if nextJob == jobs.count {
                // Shut down (or not waiting) and drained.
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
