import ArgumentParser
import CommandCore
import Foundation

/// `backfill healthcheck`: the container image's HEALTHCHECK, with no curl on the slim image.
struct HealthcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract:
            "Exit 0 if the local worker's /healthz answers 200 (or, with --tcp, if HOST:PORT accepts a connection).",
        discussion: """
            Without --tcp it asks http://127.0.0.1:PORT/healthz, PORT being --port or BACKFILL_METRICS_PORT; with \
            neither set there is no endpoint to ask (a migrate or sim container) and it exits 0.
            """
    )

    @Option(parsing: .unconditional, help: "The worker's metrics port (default BACKFILL_METRICS_PORT).")
    var port: Int?

    @Option(help: "Only check that HOST:PORT accepts a TCP connection (for the simulator or a gateway).")
    var tcp: String?

    @Option(parsing: .unconditional, help: "Seconds to wait for an answer.")
    var timeout = 5

    func validate() throws {
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be from 1 to 65535.") }
        if let tcp, GatewayAddress(tcp) == nil { throw ValidationError("--tcp '\(tcp)' is not HOST:PORT.") }
        if !(1...300).contains(timeout) { throw ValidationError("--timeout must be from 1 to 300 seconds.") }
    }

    func run() throws {
        do {
            if let address = tcp.flatMap(GatewayAddress.init) {
                try HealthProbe.accepts(host: address.host, port: address.port, timeoutSeconds: timeout)
                print("\(address) accepts connections")
                return
            }
            guard let port = try port ?? metricsPortSetting() else {
                print("BACKFILL_METRICS_PORT is not set: no health endpoint to ask.")
                return
            }
            let (status, body) = try HealthProbe.get(
                host: "127.0.0.1",
                port: port,
                path: "/healthz",
                timeoutSeconds: timeout
            )
            print(body.trimmingCharacters(in: .whitespacesAndNewlines))
            guard status == 200 else { throw ExitCode.failure }
        } catch let failure as HealthProbe.Failure {
            CommandFailure.print(failure.description)
            throw ExitCode.failure
        }
    }

    private func metricsPortSetting() throws -> Int? {
        do {
            return try FleetTuning(sources: SettingSources.current(flags: [:])).metricsPort
        } catch {
            CommandFailure.print(error.message)
            throw ExitCode(2)
        }
    }
}
