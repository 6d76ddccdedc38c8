import DataExport

/// The `SELECT` inside `backfill export`'s `COPY` of 1-minute TRADES bars as CSV, on one line, with the `psql`
/// arguments that set the values it reads: a reference tool (`psql`) then runs the very query the exporter runs.
struct ExportSelect {
    /// The query, without `COPY (` … `) TO STDOUT …`.
    let sql: String
    /// `-c "SET backfill.export_… = '…'"` pairs for `psql`, in the order the exporter sets them.
    let psqlSettings: [String]

    init(instrumentID: Int64, from: Int64, to: Int64) {
        let statement = ExportQueries.statement(for: .bars(barSize: "1 min", whatToShow: "TRADES"), format: .csv).sql
        let select = statement.drop { $0 != "(" }.dropFirst()
        let inner = select[..<(select.range(of: ") TO STDOUT")?.lowerBound ?? select.endIndex)]
        sql = inner.split(separator: "\n").joined(separator: " ")
        psqlSettings = [
            "backfill.export_instrument = '\(instrumentID)'", "backfill.export_bar_size = '1 min'",
            "backfill.export_what = 'TRADES'", "backfill.export_from = '\(from)'", "backfill.export_to = '\(to)'",
            "backfill.export_epoch = 'off'",
        ].flatMap { ["-c", "SET \($0)"] }
    }
}
