import ArgumentParser
import CommandCore
import TWSClient

/// Where the gateway is: flags, else IBKR_HOST / IBKR_PORT, and a client id (default: the pool's first).
struct GatewayOptions: ParsableArguments {
    @Option(name: .customLong("host"), help: "Gateway host (default IBKR_HOST, else 127.0.0.1).")
    var host: String?

    @Option(name: .customLong("port"), parsing: .unconditional, help: "Gateway port (default IBKR_PORT, else 4002).")
    var port: Int?

    @Option(
        name: .customLong("client-id"),
        parsing: .unconditional,
        help: "API client id (default: the first id of IBKR_CLIENT_ID_POOL)."
    )
    var clientID: Int?

    func validate() throws {
        if let clientID, clientID < 0 {
            throw ValidationError("--client-id must be 0 or more (IB's client ids are non-negative), not \(clientID).")
        }
        if let port, !(1...65535).contains(port) {
            throw ValidationError("--port \(port) is not a port number (1-65535).")
        }
    }

    func clientConfiguration(_ settings: Settings) throws -> TWSClientConfiguration {
        let port = self.port ?? settings.gatewayPort
        guard (1...65535).contains(port) else {
            throw ValidationError("Port \(port) is not a port number (1-65535).")
        }
        return TWSClientConfiguration(
            host: host ?? settings.gatewayHost,
            port: port,
            clientID: clientID ?? settings.clientIDPool.ids.first ?? 1
        )
    }
}
