import ArgumentParser
import BackfillStore
import ChunkPlanning
import CommandCore
import DataExport
import Foundation
import PQKit
import TWSProtocol

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write stored bars or ticks to CSV or JSON-lines files, one per instrument and series.",
        discussion: """
            Rows stream out of PostgreSQL with COPY … TO STDOUT, so memory stays flat for any number of rows. \
            Times are UTC (ISO 8601, or epoch seconds with --time epoch); prices are printed exactly as stored. Each \
            file is written under a temporary name and renamed when complete, so a failed export leaves no half \
            file. Files are named SYMBOL_SECTYPE_EXCHANGE_SERIES.csv (e.g. AAPL_STK_SMART_1min_TRADES.csv).
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Comma-separated symbols, as for enqueue: AAPL,MSFT,EUR/USD.IDEALPRO,ESZ4.CME")
    var symbols: String?

    @Option(name: .customLong("symbols-file"), help: "A file with one symbol or field=value contract spec per line.")
    var symbolsFile: String?

    @Option(help: "First day (inclusive, UTC) or a UTC timestamp. Required.")
    var from: String?

    @Option(help: "Last day (inclusive, UTC) or a UTC timestamp. Required.")
    var to: String?

    @Option(help: "Bar size, as for enqueue (1min, 1h, 1d…). Required unless --ticks.")
    var bar: String?

    @Option(help: "The bars' what-to-show (default TRADES).")
    var what: String?

    @Option(help: "Export historical ticks instead of bars: TRADES, BID_ASK or MIDPOINT.")
    var ticks: String?

    @Option(help: "csv (a header line, then rows) or jsonl (one JSON object per line).")
    var format = "csv"

    @Option(help: "iso (2024-03-12T13:30:00Z) or epoch (seconds since 1970), both UTC.")
    var time = "iso"

    @Flag(help: "Compress each file with gzip (.gz added to its name).")
    var gzip = false

    @Option(help: "A directory for the files (created when missing), or - for standard output (one series only).")
    var output = "."

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        let request = try exportRequest()
        do {
            try await PostgresConnection.withConnection(configuration: settings.database, logger: logger) {
                database in
                let ids = try await ChunkStore(database: database).existingInstrumentIDs(for: request.contracts)
                let unknown = request.contracts.filter { ids[$0] == nil }
                guard unknown.isEmpty else {
                    throw ExportError(
                        .invalidRequest,
                        "Nothing is stored for \(unknown.map(\.description).joined(separator: ", ")): no backfill has named it."
                    )
                }
                let directory = try outputDirectory()
                let exporter = Exporter(database: database)
                for contract in request.contracts {
                    guard let instrumentID = ids[contract] else { continue }
                    try await exportOne(contract, instrumentID, request, directory: directory, exporter: exporter)
                }
            }
        } catch let error as ExportError {
            CommandFailure.print(error.message)
            throw error.code == .invalidRequest ? ExitCode(2) : ExitCode.failure
        } catch let error as PostgresError {
            CommandFailure.print(postgres: error)
            throw ExitCode.failure
        }
    }

    /// What to export, checked before anything is read or written.
    struct Request {
        var contracts: [Contract]
        var series: ExportSeries
        var range: DateRangeInput
        var format: ExportFormat
        var time: ExportTimeFormat
    }

    func exportRequest() throws -> Request {
        guard let from, let to else {
            throw ValidationError("Missing expected argument '\(from == nil ? "--from <from>" : "--to <to>")'")
        }
        guard let format = ExportFormat(rawValue: format.lowercased()) else {
            throw ValidationError("--format must be csv or jsonl, not '\(format)'.")
        }
        guard let time = ExportTimeFormat(rawValue: time.lowercased()) else {
            throw ValidationError("--time must be iso or epoch, not '\(time)'.")
        }
        do {
            let contracts = try SymbolListInput.contracts(symbols: symbols, file: symbolsFile)
            let range = try DateRangeInput(from: from, to: to)
            let series: ExportSeries
            switch try FollowSeries(bar: bar, what: what, ticks: ticks) {
            case .bars(let size, let whatToShow): series = .bars(barSize: size.ibName, whatToShow: whatToShow)
            case .ticks(let type): series = .ticks(type)
            }
            if output == "-", contracts.count != 1 {
                throw InputError("--output - writes one instrument; give a directory for \(contracts.count).")
            }
            return Request(contracts: contracts, series: series, range: range, format: format, time: time)
        } catch let error as InputError {
            CommandFailure.print(error.message)
            throw ExitCode(2)
        }
    }

    /// The output directory, created when missing; nil for standard output.
    func outputDirectory() throws(ExportError) -> URL? {
        guard output != "-" else { return nil }
        let url = URL(fileURLWithPath: output, isDirectory: true)
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw ExportError(.invalidRequest, "Cannot create the output directory \(url.path).")
            }
        } else if !isDirectory.boolValue {
            throw ExportError(.invalidRequest, "--output \(output) is a file, not a directory.")
        }
        guard FileManager.default.isWritableFile(atPath: url.path) else {
            throw ExportError(.invalidRequest, "The output directory \(url.path) is not writable.")
        }
        return url
    }

    private func exportOne(
        _ contract: Contract,
        _ instrumentID: Int64,
        _ request: Request,
        directory: URL?,
        exporter: Exporter
    ) async throws {
        let name = Self.fileName(contract, request.series, request.format, gzip: gzip)
        let file: ExportFile
        if let directory {
            file = try ExportFile(url: directory.appendingPathComponent(name), gzip: gzip)
        } else {
            file = try ExportFile(standardOutputGzip: gzip)
        }
        do {
            let rows = try await exporter.export(
                instrumentID: instrumentID,
                series: request.series,
                from: request.range.start,
                to: request.range.end,
                format: request.format,
                time: request.time,
                into: file
            )
            try file.commit()
            FileHandleOutput.standardError("\(directory == nil ? "-" : name): \(rows) rows")
        } catch {
            file.discard()
            throw error
        }
    }

    /// `AAPL_STK_SMART_1min_TRADES.csv`: the local symbol when there is one (futures), every character that is not
    /// a letter, digit, dot or dash made a dash.
    static func fileName(_ contract: Contract, _ series: ExportSeries, _ format: ExportFormat, gzip: Bool) -> String {
        let symbol = contract.localSymbol.isEmpty ? contract.symbol : contract.localSymbol
        let stem = [symbol, contract.secType.rawValue, contract.exchange, series.fileStem].joined(separator: "_")
        let safe = String(stem.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "-" })
        return safe + "." + format.rawValue + (gzip ? ".gz" : "")
    }
}
