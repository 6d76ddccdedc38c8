import ArgumentParser
import ChunkPlanning
import CommandCore
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
        let contracts: [Contract]
        let series: FollowSeries
        do throws(InputError) {
            contracts = try SymbolListInput.contracts(symbols: symbols, file: symbolsFile)
            series = try FollowSeries(bar: bar, what: what, ticks: ticks)
        } catch {
            CommandFailure.print(error.message)
            throw ExitCode(2)
        }
        let typed = symbolList
        let names = contracts.indices.map { $0 < typed.count ? typed[$0] : contracts[$0].symbol }
        return (contracts, names, series, rth ?? SymbolListInput.regularHoursByDefault(contracts))
    }

    /// The symbols as typed, for listings (a symbols file is listed by contract symbol).
    private var symbolList: [String] {
        guard symbolsFile == nil, let symbols else { return [] }
        return symbols.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
    }
}
