import ArgumentParser
import CommandCore
import Foundation
import GatewaySimulator
import Logging
import MarketCalendar
import TWSProtocol
import UnixSignals

struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the built-in IB Gateway simulator (TWS API server; no IB account needed).",
        discussion: """
            Serves deterministic historical bars, head timestamps, contract details and ticks for a built-in \
            universe (US stocks and ETFs, FX, CME futures, SPX, BTC), enforces IB's pacing rules, and can inject \
            faults. Stops on SIGINT/SIGTERM; SIGUSR1 prints the audit summary. Faults:
              drop-every=N, restart-after=30s[,down=5s], farm-outage-after=10s[,for=5s],
              ib-disconnect-after=10s[,for=3s], error=CODE:SYMBOL, garbage-every=N, truncate-every=N,
              halt=SYMBOL:yyyyMMdd-HH:mm:ss/yyyyMMdd-HH:mm:ss (no bars in that UTC span)
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(parsing: .unconditional, help: "Port to listen on (0 picks a free one and prints it).")
    var port = 4002

    @Option(
        name: .customLong("server-version"),
        parsing: .unconditional,
        help: "Highest API version to serve (178...200)."
    )
    var serverVersion = 200

    @Option(
        name: .customLong("pacing-scale"),
        parsing: .unconditional,
        help: "Multiplies every pacing window (0.01 makes 15 s into 0.15 s)."
    )
    var pacingScale = 1.0

    @Flag(name: .customLong("strict-large-bars"), help: "Apply the small-bar pacing rules to every bar size.")
    var strictLargeBars = false

    @Flag(
        name: .customLong("count-refused"),
        help: "Count requests refused for pacing in the pacing windows too (IB may; a client must survive it)."
    )
    var countRefused = false

    @Option(parsing: .unconditional, help: "Milliseconds added to every reply.")
    var latency = 0

    @Option(
        name: .customLong("max-clients"),
        parsing: .unconditional,
        help: "Simultaneous API clients allowed (IB: 32)."
    )
    var maxClients = 32

    @Option(help: "Inject a fault (repeatable); see above.")
    var fault: [String] = []

    @Option(
        name: .customLong("add-symbol"),
        help: "Also serve this symbol as a plain NYSE stock (repeatable), e.g. to complete a dead-lettered chunk."
    )
    var addSymbol: [String] = []

    @Option(
        name: .customLong("tick-page-rule"),
        help: "How a full historical-ticks page ends: finish-second (IB's documented rule) or exact (cut at the count)."
    )
    var tickPageRule = "finish-second"

    @Option(
        name: .customLong("clock-file"),
        help: """
            For tests only: read market time (what data exists yet) from this file of UTC epoch seconds instead of \
            the system clock, so a test can move days forward; the scheduler reads the same file \
            (BACKFILL_TEST_CLOCK_FILE). Pacing keeps real time.
            """
    )
    var clockFile: String?

    @Option(
        name: .customLong("revise-recent"),
        help: """
            Serve bars that ended less than this long ago (e.g. 6h) with preliminary figures (less volume, one trade \
            fewer), and the final figures after, as IB revises recent bars.
            """
    )
    var reviseRecent: String?

    @Option(
        name: .customLong("max-duration"),
        help: """
            Behave like an IB stricter than its documented maximum (repeatable): BAR=SPAN, e.g. 5s=2h, serves at \
            most that window per request of that bar size; longer requests get the --oversize answer.
            """
    )
    var maxDuration: [String] = []

    @Option(
        help:
            "How a request longer than its --max-duration is answered: error (162), truncate (latest part) or silence."
    )
    var oversize = "error"

    @Option(help: "Write the audit (every request and every broken rule) as JSON lines to this file.")
    var audit: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard (SimulatorConfiguration.minimumServerVersion...200).contains(serverVersion) else {
            throw ValidationError(
                "--server-version must be between \(SimulatorConfiguration.minimumServerVersion) and 200."
            )
        }
        guard PacingConfiguration.isValidScale(pacingScale) else {
            throw ValidationError("--pacing-scale must be a positive number, not \(pacingScale).")
        }
        guard latency >= 0, (1...1000).contains(maxClients), (0...65535).contains(port) else {
            throw ValidationError("--latency must be ≥ 0, --max-clients 1...1000 and --port 0...65535.")
        }
        do {
            _ = try SimulatorFaults(specs: fault)
        } catch {
            throw ValidationError(error.message)
        }
        _ = try maximumDurations()
        guard OversizeAnswer(rawValue: oversize) != nil else {
            throw ValidationError("--oversize must be error, truncate or silence, not '\(oversize)'.")
        }
    }

    /// `--max-duration` values by bar seconds.
    private func maximumDurations() throws -> [Int: Int64] {
        var durations: [Int: Int64] = [:]
        for value in maxDuration {
            let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let barSize = try? BarSizeSetting(parsing: parts[0]),
                let seconds = DurationText.seconds(parts[1]), seconds > 0
            else {
                throw ValidationError("--max-duration must be BAR=SPAN such as 5s=2h, not '\(value)'.")
            }
            durations[barSize.seconds] = seconds
        }
        return durations
    }

    func run() async throws {
        ProcessSignals.unblock([SIGINT, SIGTERM, SIGUSR1])
        CommandLogging.bootstrap(level: Logger.Level(rawValue: logLevel.lowercased()) ?? .info)
        var configuration = SimulatorConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.serverVersion = serverVersion
        configuration.latency = .milliseconds(latency)
        configuration.maximumClients = maxClients
        configuration.auditPath = audit
        configuration.extraStocks = addSymbol
        guard let rule = TickGenerator.PageRule(rawValue: tickPageRule) else {
            CommandFailure.print("--tick-page-rule must be finish-second or exact, not '\(tickPageRule)'.")
            throw ExitCode(2)
        }
        configuration.tickPageRule = rule
        configuration.maximumDurations = try maximumDurations()
        configuration.oversizeAnswer = OversizeAnswer(rawValue: oversize) ?? .error
        if let clockFile {
            let clock = MarketClock(testClockFile: clockFile)
            do {
                _ = try clock.now()
            } catch {
                CommandFailure.print(error.description)
                throw ExitCode(2)
            }
            configuration.marketClock = clock
        }
        if let reviseRecent {
            guard let seconds = DurationText.seconds(reviseRecent), seconds > 0 else {
                CommandFailure.print(
                    "--revise-recent must be a duration such as 90s, 15m or 6h, not '\(reviseRecent)'."
                )
                throw ExitCode(2)
            }
            configuration.preliminaryWindow = seconds
        }
        var pacing = PacingConfiguration(scale: pacingScale, strictForLargeBars: strictLargeBars)
        pacing.countsRefusedRequests = countRefused
        pacing.maxOpenRequests = 50
        let server: SimulatorServer
        do {
            server = try SimulatorServer(
                configuration: configuration,
                pacing: pacing,
                faults: try SimulatorFaults(specs: fault)
            )
        } catch {
            CommandFailure.print("Cannot open the audit file \(audit ?? ""): \(error).")
            throw ExitCode(2)
        }
        let boundPort: Int
        do {
            boundPort = try await server.start()
        } catch {
            CommandFailure.print("Cannot listen on \(host):\(port): \(error).")
            throw ExitCode.failure
        }
        print(
            "Simulator listening on \(host):\(boundPort) (server version \(serverVersion), pacing scale \(pacingScale))"
        )
        fflush(nil)  // flush stdout so a parent reading the port sees it at once
        // SIGUSR1 prints the audit summary so far; SIGINT or SIGTERM stops.
        for await signal in await UnixSignalsSequence(trapping: .sigint, .sigterm, .sigusr1) {
            if signal == .sigusr1 {
                FileHandleOutput.standardError(server.auditSummary.text)
            } else {
                break
            }
        }
        await server.stop()
        FileHandleOutput.standardError(server.auditSummary.text)
    }
}
