import ArgumentParser
import ChunkPlanning
import Foundation
import TWSProtocol

/// Which subscriptions a `follow` subcommand means: symbols × one series (bars or ticks), as `plan` takes them.
struct FollowSeriesOptions: ParsableArguments {
    @Option(help: "Comma-separated symbols: AAPL,EUR/USD.IDEALPRO,ESM4.CME")
    var symbols: String?

    @Option(name: .customLong("symbols-file"), help: "A file with one symbol or field=value contract spec per line.")
    var symbolsFile: String?

    @Option(help: "Bar size: IB's string (\"1 min\") or a short form (1min 1h 1d). Required unless --ticks.")
    var bar: String?

    @Option(help: "TRADES, MIDPOINT, BID, ASK, BID_ASK (default TRADES).")
    var what: String?

    @Option(help: "Follow historical ticks instead of bars: TRADES, BID_ASK or MIDPOINT.")
    var ticks: String?

    @Flag(inversion: .prefixedNo, help: "Regular trading hours only (default: on for stocks and indices).")
    var rth: Bool?

    /// The contracts and the series, or exit status 2 with one sentence.
    func parsed() throws -> (contracts: [Contract], symbols: [String], series: FollowSeries, useRTH: Bool) {
        do {
            let contracts = try SymbolListInput.contracts(symbols: symbols, file: symbolsFile)
            let series: FollowSeries
            switch (bar, ticks) {
            case (let bar?, nil):
                do {
                    series = .bars(
                        try BarSizeSetting(parsing: bar),
                        whatToShow: Planner.normalizedWhatToShow(what ?? "TRADES")
                    )
                } catch {
                    throw InputError(error.message)
                }
            case (nil, let ticks?):
                guard what == nil else { throw InputError("--ticks replaces --what: give the tick type to --ticks.") }
                do {
                    series = .ticks(try TickType(parsing: ticks))
                } catch {
                    throw InputError(error.message)
                }
            case (nil, nil):
                throw InputError("Give --bar (with --what) or --ticks: which series to follow.")
            case (_?, _?):
                throw InputError("--ticks replaces --bar: give one of them.")
            }
            let sessionBased = contracts.allSatisfy { $0.secType == .stock || $0.secType == .index }
            let typed = symbolList
            let names = contracts.indices.map { $0 < typed.count ? typed[$0] : contracts[$0].symbol }
            return (contracts, names, series, rth ?? sessionBased)
        } catch let error as InputError {
            CommandFailure.print(error.message)
            throw ExitCode(2)
        }
    }

    /// The symbols as typed, for listings (a symbols file is listed by contract symbol).
    private var symbolList: [String] {
        guard symbolsFile == nil, let symbols else { return [] }
        return symbols.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
    }
}
