import Foundation
import GatewaySimulator
import Logging
import TWSClient
import TWSProtocol

/// An in-process simulator on a free port, and clients connected to it.
struct SimulatorHarness {
    let server: SimulatorServer
    let port: Int

    static let aapl = Contract(symbol: "AAPL", secType: .stock, exchange: "SMART", currency: "USD")

    static func with<Result: Sendable>(
        port: Int = 0,
        serverVersion: Int = 200,
        latency: Duration = .zero,
        pacing: PacingConfiguration = PacingConfiguration(),
        faults: SimulatorFaults = SimulatorFaults(),
        recordingFrames: Bool = false,
        _ body: (SimulatorHarness) async throws -> Result
    ) async throws -> Result {
        var configuration = SimulatorConfiguration()
        configuration.port = port
        configuration.serverVersion = serverVersion
        configuration.latency = latency
        configuration.recordsFrames = recordingFrames
        let server = try SimulatorServer(configuration: configuration, pacing: pacing, faults: faults)
        let port = try await server.start()
        let harness = SimulatorHarness(server: server, port: port)
        do {
            let result = try await body(harness)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// A port below Linux's ephemeral range (32768+) that is free now: a server that closes and reopens its port
    /// must not see it taken by another test's port-0 server in between.
    static func fixedPort() -> Int {
        for _ in 0..<100 {
            let candidate = Int.random(in: 20_000..<30_000)
            if (try? Socket.isFree(candidate)) == true { return candidate }
        }
        return 29_999
    }

    func connect(clientID: Int, requestTimeout: Duration = .seconds(30)) async throws -> TWSConnection {
        var configuration = TWSClientConfiguration(host: "127.0.0.1", port: port, clientID: clientID)
        configuration.requestTimeout = requestTimeout
        // Patient: a loaded CI machine is slow, not broken.
        configuration.connectTimeout = .seconds(30)
        configuration.handshakeTimeout = .seconds(30)
        return try await TWSConnection.connect(configuration: configuration)
    }

    /// The first event matching `predicate`, or nil after `timeout` (so a missed event fails instead of hanging).
    static func firstEvent(
        of client: TWSConnection,
        timeout: Duration = .seconds(10),
        where predicate: @escaping @Sendable (TWSEvent) -> Bool
    ) async -> TWSEvent? {
        await withTaskGroup(of: TWSEvent?.self) { group in
            group.addTask {
                for await event in client.events where predicate(event) { return event }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    static func notice(_ code: Int) -> @Sendable (TWSEvent) -> Bool {
        { event in
            if case .notice(let notice) = event { return notice.code == code }
            return false
        }
    }

    /// Waits (up to 5 s) until the audit has a line containing `text`.
    func waitForAudit(_ text: String) async -> Bool {
        for _ in 0..<500 {
            if server.auditLines.contains(where: { $0.contains(text) }) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// The audit's rule violations as (reqId, rule identifier), in order.
    var violations: [(Int?, String)] {
        server.auditLines.compactMap { line -> (Int?, String)? in
            guard let data = line.data(using: .utf8),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                object["event"] as? String == "rule" || object["type"] as? String == "rule",
                let rule = object["rule"] as? String
            else { return nil }
            return (object["reqId"] as? Int, rule)
        }
    }
}

/// Probes whether a loopback port can be bound.
enum Socket {
    static func isFree(_ port: Int) throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
