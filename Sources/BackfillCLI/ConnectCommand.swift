import ArgumentParser
import CommandCore
import TWSClient
import TWSProtocol

struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Check the connection to IB Gateway or TWS: handshake, server version, accounts, farm status."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var gateway: GatewayOptions

    @Option(
        parsing: .unconditional,
        help: "Seconds each step may take: the TCP connect, the API handshake, the clock round trip."
    )
    var timeout = 10.0

    func validate() throws {
        guard timeout.isFinite, timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout must be a number of seconds from 0 to 3600, not \(timeout).")
        }
    }

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        var configuration = try gateway.clientConfiguration(settings)
        configuration.connectTimeout = .seconds(timeout)
        configuration.handshakeTimeout = .seconds(timeout)
        do {
            let client = try await TWSConnection.connect(configuration: configuration, logger: logger)
            // Farm notices follow the handshake; one round trip makes sure they have all arrived.
            let gatewayTime: Int64
            do {
                gatewayTime = try await client.currentTime(timeout: .seconds(timeout))
            } catch {
                await client.close()
                throw error
            }
            print("Connected to \(configuration.host):\(configuration.port) as client id \(configuration.clientID)")
            print("server version: \(client.serverVersion)")
            print("connection time: \(client.connectionTime)")
            print("gateway clock (epoch seconds): \(gatewayTime)")
            print("accounts: \(client.accounts.joined(separator: ", "))")
            let farms = client.farmStatus.farms.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value ? "OK" : "DOWN")" }
            print("farms: \(farms.isEmpty ? "(none reported)" : farms.joined(separator: ", "))")
            print("historical requests allowed: \(client.farmStatus.historicalRequestsAllowed ? "yes" : "no")")
            await client.close()
        } catch let error as TWSClientError {
            CommandFailure.print(error.description)
            FileHandleOutput.standardError(Self.troubleshooting(configuration, error))
            throw ExitCode.failure
        }
    }

    static func troubleshooting(_ configuration: TWSClientConfiguration, _ error: TWSClientError) -> String {
        var lines = ["What to check:"]
        if error.code == .clientIDInUse {
            lines.append(
                "- client id \(configuration.clientID) is used by another connection: pass --client-id with a free id."
            )
        }
        lines += [
            "- IB Gateway or TWS is running on \(configuration.host) and logged in;",
            "- the API is enabled (Configure > Settings > API > Settings > Enable ActiveX and Socket Clients);",
            "- the port is right: IB Gateway 4001 live / 4002 paper, TWS 7496 live / 7497 paper (this used \(configuration.port));",
            "- this machine's IP is in Trusted IPs, or 'Allow connections from localhost only' is off for remote hosts;",
            "- client id \(configuration.clientID) is not in use by another connection (error 326).",
        ]
        return lines.joined(separator: "\n")
    }
}
