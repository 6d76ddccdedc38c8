import Dispatch
import Foundation

/// Signal handling for long-running subcommands (`sim`, later `worker`).
enum ProcessSignals {
    /// A parent may have started us with SIGTERM, SIGINT or SIGUSR1 blocked (Foundation's `Process` passes its
    /// thread's mask on, and the Swift test runner blocks them): unblock them here, or they never arrive.
    static func unblock(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Calls `handler` on the main queue for each delivery of `signal`, instead of the default action.
    static func handle(_ signal: Int32, _ handler: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
        Foundation.signal(signal, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signal, queue: .main)
        source.setEventHandler(handler: handler)
        source.resume()
        return source
    }
}
