import Foundation

/// The outcome of running a program to completion.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let standardOutput: String
    public let standardError: String

    /// Runs `executable` with `arguments` and `environment` (added to this process's), collecting its output.
    ///
    /// The waiting happens on a thread of its own: reading pipes and `waitUntilExit()` block, and blocking the
    /// cooperative pool (two threads on CI) while two children run would stall every other test.
    public static func run(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String] = [:],
        removingEnvironment removed: Set<String> = [],
        currentDirectory: URL? = nil
    ) async throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !removed.contains($0.key) }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                // Drain standard error on a second thread so a chatty child never blocks on a full pipe.
                let errorData = ErrorCollector(error.fileHandleForReading)
                let out = output.fileHandleForReading.readDataToEndOfFile()
                let err = errorData.wait()
                process.waitUntilExit()
                continuation.resume(
                    returning: ProcessResult(
                        status: process.terminationStatus,
                        standardOutput: String(decoding: out, as: UTF8.self),
                        standardError: String(decoding: err, as: UTF8.self)
                    )
                )
            }
        }
    }
}

/// Reads a file handle to its end on a thread of its own.
private final class ErrorCollector: @unchecked Sendable {
    // `data` is written once by the reading thread before `done` is signalled, and read only after `wait()`.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
