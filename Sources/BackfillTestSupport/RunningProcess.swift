import Foundation

/// A program running in the background whose output a test reads while it runs (a server under test).
///
/// Output is collected on threads of its own, so nothing blocks the cooperative pool.
/// `@unchecked Sendable`: the buffers are only touched under `lock`.
public final class RunningProcess: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var output = Data()
    private var errors = Data()
    /// Output pipes not yet read to their end (under `lock`).
    private var openReaders = 2

    /// Starts `executable`; `environment` is added to this process's, without the `removed` names.
    public init(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String] = [:],
        removingEnvironment removed: Set<String> = [],
        currentDirectory: URL? = nil
    ) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !removed.contains($0.key) }
            .merging(environment) { _, new in new }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
        collect(outPipe.fileHandleForReading) { self.output.append($0) }
        collect(errPipe.fileHandleForReading) { self.errors.append($0) }
    }

    private func collect(_ handle: FileHandle, into append: @escaping @Sendable (Data) -> Void) {
        Thread.detachNewThread { [lock] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty {
                    lock.lock()
                    self.openReaders -= 1
                    lock.unlock()
                    return
                }
                lock.lock()
                append(chunk)
                lock.unlock()
            }
        }
    }

    private var readersOpen: Bool {
        lock.lock()
        defer { lock.unlock() }
        return openReaders > 0
    }

    public var standardOutput: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: output, as: UTF8.self)
    }

    public var standardError: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: errors, as: UTF8.self)
    }

    /// Waits (polling, up to `timeout`) until standard output or error contains `text`.
    /// The default timeout is generous: when the test runner starts every parallel suite at once on a 2-core CI
    /// machine, a process has been seen to take 40 s to print its first line.
    public func waitFor(_ text: String, inStandardError: Bool = false, timeout: Duration = .seconds(90)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (inStandardError ? standardError : standardOutput).contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// The program's process id, e.g. to read its memory use from `/proc`.
    public var processIdentifier: Int32 { process.processIdentifier }

    public func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the program to end; nil if it is still running after `timeout` (it is then killed).
    public func waitForExit(timeout: Duration = .seconds(30)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        // Wait until both pipes are read to their end, so nothing the program wrote last is missed.
        while readersOpen && ContinuousClock.now < deadline + .seconds(5) {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
