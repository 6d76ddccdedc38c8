import Logging
import Synchronization

/// Logging for the executable: human-readable lines on standard error, bootstrapped once per process.
package enum CommandLogging {
    private static let isBootstrapped = Mutex(false)

    package static func bootstrap(level: Logger.Level) {
        let first = isBootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
