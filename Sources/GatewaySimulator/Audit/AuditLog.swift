import Foundation
import Synchronization

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The simulator's audit trail: one JSON object per line (see ``AuditEvent/jsonLine``), plus a running
/// ``AuditSummary``.
///
/// Thread-safe: connections record concurrently and each line is written whole under a `Mutex`. A file log
/// opens its path for appending (`O_APPEND`, created with mode 0644 if missing) and hands every line to the
/// kernel with `write(2)` before ``record(_:)`` returns, without a user-space buffer, so a killed simulator
/// loses nothing already recorded. The write happens under the lock and may block briefly on a slow disk;
/// an audit line is small and the simulator is a test tool, so that trade is accepted.
///
/// A failed write does not stop the simulator (the audit is evidence, not the service): it is counted in
/// ``failedWrites`` and the event still reaches the summary.
///
/// Lifecycle: a file log must be closed with ``close()``; `deinit` asserts that it was. Events recorded after
/// ``close()`` reach only the summary, so a late connection cannot fail the shutdown. An in-memory log
/// (``inMemory()``) keeps its lines for tests, needs no closing and ignores ``close()``.
public final class AuditLog: Sendable {
    private enum Sink {
        case file(descriptor: Int32)
        case memory([String])
        case closed
    }

    private struct State {
        var sink: Sink
        var summary = AuditSummary()
        var failedWrites = 0
    }

    /// The file written to, or `nil` for an in-memory log.
    public let path: String?

    private let state: Mutex<State>

    /// Opens (creating if needed) a file to append JSON lines to.
    ///
    /// - Parameter path: The file; its directory must exist.
    /// - Throws: `POSIXError` when the file cannot be opened.
    public convenience init(path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        self.init(path: path, sink: .file(descriptor: descriptor))
    }

    private init(path: String?, sink: Sink) {
        self.path = path
        self.state = Mutex(State(sink: sink))
    }

    /// A log that keeps its lines in memory, for tests.
    public static func inMemory() -> AuditLog {
        AuditLog(path: nil, sink: .memory([]))
    }

    deinit {
        state.withLock { state in
            if case .file(let descriptor) = state.sink {
                assertionFailure("AuditLog for \(path ?? "?") was not closed")
                _ = closeFileDescriptor(descriptor)
            }
        }
    }

    /// Writes one event as a JSON line and adds it to the summary.
    public func record(_ event: AuditEvent) {
        let line = event.jsonLine
        state.withLock { state in
            state.summary.add(event)
            switch state.sink {
            case .file(let descriptor):
                if !Self.writeAll(Array((line + "\n").utf8), to: descriptor) {
                    state.failedWrites += 1
                }
            case .memory(var lines):
                state.sink = .closed  // Drop the array's other reference so the append does not copy it.
                lines.append(line)
                state.sink = .memory(lines)
            case .closed:
                break
            }
        }
    }

    /// The lines of an in-memory log, oldest first; empty for a file log.
    public var lines: [String] {
        state.withLock { state in
            if case .memory(let lines) = state.sink { return lines }
            return []
        }
    }

    /// Counts of everything recorded so far, including after ``close()``.
    public func summary() -> AuditSummary {
        state.withLock { $0.summary }
    }

    /// Lines that could not be written to the file.
    public var failedWrites: Int {
        state.withLock { $0.failedWrites }
    }

    /// Closes the file; later events only reach the summary. Safe to call more than once.
    public func close() {
        state.withLock { state in
            guard case .file(let descriptor) = state.sink else { return }
            _ = closeFileDescriptor(descriptor)
            state.sink = .closed
        }
    }

    /// Writes every byte, retrying after signals and short writes.
    ///
    /// - Returns: Whether every byte was written.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress, buffer.count)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }
}

/// `close(2)`, under a name that ``AuditLog/close()`` does not shadow inside the class.
private func closeFileDescriptor(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
