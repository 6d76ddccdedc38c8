import ArgumentParser
import CommandCore
import Foundation
import TWSClient
import TWSProtocol

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Send one historical-data request and print the bars as CSV (a debugging aid).",
        discussion: "Times are UTC. Prices and volumes are printed exactly as IB sent them."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var gateway: GatewayOptions

    @Option(help: "Symbol: AAPL, AAPL.NASDAQ, EUR/USD.IDEALPRO, ESZ4.CME, ^SPX.CBOE or field=value,…")
    var symbol: String

    @Option(help: "Bar size: IB's string (\"1 min\") or a short form (1s 5s 1min 5min 1h 1d).")
    var bar: String

    @Option(help: "End of the window: yyyyMMdd-HH:mm:ss (UTC) or a date (yyyy-MM-dd, the end of that UTC day).")
    var end: String

    @Option(help: "How far back from --end, in IB's form: \"1 W\", \"2 D\", \"3600 S\", \"1 Y\".")
    var duration: String

    @Option(help: "TRADES, MIDPOINT, BID, ASK, BID_ASK, ADJUSTED_LAST.")
    var what = "TRADES"

    @Flag(help: "Regular trading hours only.")
    var rth = false

    @Option(parsing: .unconditional, help: "Seconds to wait for the answer.")
    var timeout = 120

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        let contract: Contract
        let barSize: BarSizeSetting
        let endDateTime: String
        do {
            contract = try ContractSymbol.parse(symbol)
            barSize = try BarSizeSetting(parsing: bar)
            endDateTime = try IBDateTimeText.endDateTime(from: end)
            try IBDateTimeText.validateDuration(duration)
        } catch {
            CommandFailure.print("\(error)")
            throw ExitCode(2)
        }
        let configuration = try gateway.clientConfiguration(settings)
        do {
            let client = try await TWSConnection.connect(configuration: configuration, logger: logger)
            defer { Task { await client.close() } }
            let answer = try await client.historicalBars(
                contract: contract,
                endDateTime: endDateTime,
                duration: duration,
                barSize: barSize.ibName,
                whatToShow: what.uppercased(),
                useRTH: rth,
                timeout: .seconds(timeout)
            )
            print("start,open,high,low,close,volume,wap,count")
            for bar in answer.bars {
                let start = IBDateTimeText.readableStart(bar.date)
                print("\(start),\(bar.open),\(bar.high),\(bar.low),\(bar.close),\(bar.volume),\(bar.wap),\(bar.count)")
            }
        } catch let error as TWSClientError {
            CommandFailure.print("\(error.description) [\(error.classification.rawValue)]")
            throw ExitCode.failure
        }
    }
}
