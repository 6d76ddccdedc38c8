import Foundation

/// The outcome of running a program to completion.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let standardOutput: String
    public let standardError: String

    /// Runs `executable` with `arguments` and `environment` (added to this process's), collecting its output.
    ///
    /// Built on ``RunningProcess``, whose output is read on threads of its own, so nothing blocks the
    /// cooperative pool while the program runs. A program still running after ten minutes is killed.
    public static func run(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String] = [:],
        removingEnvironment removed: Set<String> = [],
        currentDirectory: URL? = nil
    ) async throws -> ProcessResult {
        let running = try RunningProcess(
            executable,
            arguments,
            environment: environment,
            removingEnvironment: removed,
            currentDirectory: currentDirectory
        )
        let status = await running.waitForExit(timeout: .seconds(600)) ?? SIGKILL
        return ProcessResult(
            status: status,
            standardOutput: running.standardOutput,
            standardError: running.standardError
        )
    }
}
