import Foundation
import RedisKit

/// A private `redis-server` for tests that must stop, restart or reconfigure a server (the shared one must not
/// be disturbed). It listens on a free loopback port and keeps no data on disk.
public final class RedisServerProcess: @unchecked Sendable {
    // `@unchecked Sendable`: `process` is only replaced inside `start()`/`stop()`, which tests call sequentially.
    public let port: Int
    private let extraArguments: [String]
    private var process: Process?

    /// Starts a server; `extraArguments` are passed through (e.g. `["--requirepass", "secret"]`).
    public init(extraArguments: [String] = []) async throws {
        self.port = try Self.freePort()
        self.extraArguments = extraArguments
        try await start()
    }

    public var configuration: RedisConfiguration {
        RedisConfiguration(endpoint: .tcp(host: "127.0.0.1", port: port))
    }

    /// Starts (or starts again) the server on the same port and waits until it accepts connections.
    public func start() async throws {
        let process = Process()
        process.executableURL = try Self.serverBinary()
        process.arguments =
            [
                "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", FileManager.default.temporaryDirectory.path,
            ] + extraArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<100 {
            if Self.accepts(port: port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("redis-server on port \(port) did not start.")
    }

    /// Kills the server (as a crash would) and waits until it has exited and its port is closed.
    ///
    /// SIGKILL rather than SIGTERM: children started from the test runner inherit a signal mask that blocks
    /// SIGTERM, so `terminate()` would never arrive.
    public func stop() async {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        // Poll rather than `waitUntilExit()`, which would block one of the cooperative pool's few threads.
        while process.isRunning || Self.accepts(port: port) {
            try? await Task.sleep(for: .milliseconds(10))
        }
        self.process = nil
    }

    /// Freezes the server (SIGSTOP): the kernel still accepts connections, but nothing is answered, as with a hung
    /// Redis.
    public func pause() {
        if let process { kill(process.processIdentifier, SIGSTOP) }
    }

    /// Lets a paused server run again (SIGCONT).
    public func resume() {
        if let process { kill(process.processIdentifier, SIGCONT) }
    }

    /// Starts a private server, runs `body` with it and kills the server afterwards.
    public static func with<Result: Sendable>(
        extraArguments: [String] = [],
        _ body: (RedisServerProcess) async throws -> Result
    ) async throws -> Result {
        let server = try await RedisServerProcess(extraArguments: extraArguments)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    deinit {
        if let process { kill(process.processIdentifier, SIGKILL) }
    }

    private static func serverBinary() throws -> URL {
        for directory in ["/usr/bin", "/usr/local/bin", "/usr/sbin"] {
            let path = directory + "/redis-server"
            if FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
        }
        throw TestSetupError("redis-server is not installed; run Deploy/install-deps.sh.")
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in.loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Asks the kernel for a free port by binding port 0.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw TestSetupError("bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

}
