import ArgumentParser
import ChunkPlanning
import CommandCore
import TWSProtocol

/// What to download: shared by `plan` and `enqueue`.
struct PlanOptions: ParsableArguments {
    @Option(help: "Comma-separated symbols: AAPL,MSFT,EUR/USD.IDEALPRO,ESZ4.CME,^SPX.CBOE")
    var symbols: String?

    @Option(name: .customLong("symbols-file"), help: "A file with one symbol or field=value contract spec per line.")
    var symbolsFile: String?

    // Optional to the parser and required by request(): ArgumentParser reports a missing option before an
    // unknown one, so `enqueue --bogus` would otherwise complain about --from instead of --bogus.
    @Option(help: "First day (inclusive, UTC) or a UTC timestamp, e.g. 2015-01-01. Required.")
    var from: String?

    @Option(help: "Last day (inclusive, UTC) or a UTC timestamp, e.g. 2024-12-31. Required.")
    var to: String?

    @Option(
        help: "Bar size: IB's string (\"1 min\") or a short form (1s 5s 1min 5min 1h 1d). Required unless --ticks."
    )
    var bar: String?

    @Option(help: "TRADES, MIDPOINT, BID, ASK, BID_ASK, ADJUSTED_LAST (default TRADES).")
    var what: String?

    @Option(
        help: """
            Download historical ticks instead of bars: TRADES, BID_ASK or MIDPOINT. Each trading session becomes one \
            chain of 1000-tick pages, each page one IB request. Replaces --bar and --what.
            """
    )
    var ticks: String?

    @Flag(inversion: .prefixedNo, help: "Regular trading hours only (default: on for stocks and indices).")
    var rth: Bool?

    @Option(
        parsing: .unconditional,
        help: "Requests per minute assumed for the estimate (IB allows 60 per 10 minutes for small bars)."
    )
    var pace = 6.0

    @Flag(
        name: .customLong("head-timestamps"),
        inversion: .prefixedNo,
        help: """
            Skip time before IB's earliest data per instrument (its head timestamp): cached in PostgreSQL, asked \
            of the gateway at IBKR_HOST:IBKR_PORT when it is reachable.
            """
    )
    var headTimestamps = true

    /// The plan request, or exit status 2 with one sentence.
    func validate() throws {
        guard pace.isFinite, pace > 0 else {
            throw ValidationError("--pace must be a positive number of requests per minute, not \(pace).")
        }
    }

    /// The tick request when `--ticks` is given, else nil; exit status 2 with one sentence for bad input.
    func tickRequest() throws -> TickPlanRequest? {
        guard let ticks else { return nil }
        guard bar == nil, what == nil else {
            throw ValidationError("--ticks replaces --bar and --what: give either --ticks or --bar (with --what).")
        }
        guard let from, let to else {
            throw ValidationError("Missing expected argument '\(from == nil ? "--from <from>" : "--to <to>")'")
        }
        do {
            let contracts = try SymbolListInput.contracts(symbols: symbols, file: symbolsFile)
            let range = try DateRangeInput(from: from, to: to)
            let tickType: TickType
            do {
                tickType = try TickType(parsing: ticks)
            } catch {
                throw InputError(error.message)
            }
            return TickPlanRequest(
                contracts: contracts,
                from: range.start,
                to: range.end,
                tickType: tickType,
                useRTH: rth ?? SymbolListInput.regularHoursByDefault(contracts)
            )
        } catch let error as InputError {
            CommandFailure.print(error.message)
            throw ExitCode(2)
        }
    }

    func request() throws -> PlanRequest {
        // Checked here, after parsing, rather than in validate(), which ArgumentParser runs before it reports an
        // unknown option.
        guard let from, let to, let bar else {
            let missing = from == nil ? "--from <from>" : to == nil ? "--to <to>" : "--bar <bar> (or --ticks)"
            throw ValidationError("Missing expected argument '\(missing)'")
        }
        do {
            let contracts = try SymbolListInput.contracts(symbols: symbols, file: symbolsFile)
            let range = try DateRangeInput(from: from, to: to)
            let barSize: BarSizeSetting
            do {
                barSize = try BarSizeSetting(parsing: bar)
            } catch {
                throw InputError(error.message)
            }
            return PlanRequest(
                contracts: contracts,
                from: range.start,
                to: range.end,
                barSize: barSize,
                whatToShow: (what ?? "TRADES").uppercased(),
                useRTH: rth ?? SymbolListInput.regularHoursByDefault(contracts)
            )
        } catch let error as InputError {
            CommandFailure.print(error.message)
            throw ExitCode(2)
        }
    }
}
