#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex and a condition variable, straight from pthreads.
///
/// Foundation's `NSCondition` does the same, but linking Foundation costs every worker process about 8 MB of
/// resident memory (Foundation, its internationalization layer and ICU); the modules a worker links stay without it.
///
/// `@unchecked Sendable`: the pthread objects are made for use from many threads; they live in memory of their own
/// that never moves, and are destroyed only in `deinit`.
final class ThreadCondition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }

    func unlock() { pthread_mutex_unlock(mutex) }

    /// Waits for ``signal()``; the caller holds the lock, and holds it again on return (wake-ups may be spurious).
    func wait() { pthread_cond_wait(condition, mutex) }

    func signal() { pthread_cond_signal(condition) }
}
