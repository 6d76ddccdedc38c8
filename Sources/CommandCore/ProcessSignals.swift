#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What long-running subcommands (`worker`, `sim`, `status --watch`) need before they trap signals (through
/// swift-service-lifecycle's `ServiceGroup` and `UnixSignalsSequence`).
package enum ProcessSignals {
    /// A parent may have started us with SIGTERM, SIGINT or SIGUSR1 blocked (Foundation's `Process` passes its
    /// thread's mask on, and the Swift test runner blocks them): unblock them here, or they never arrive.
    package static func unblock(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
