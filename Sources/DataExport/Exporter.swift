import PQKit

/// Streams one instrument's rows out of PostgreSQL with `COPY … TO STDOUT`, in constant memory: each block the
/// server sends goes straight to the file (compressed on the way when asked).
///
/// Runs in one read-only transaction, so a file is one consistent snapshot even while workers write.
public struct Exporter: Sendable {
    public let database: PostgresConnection

    public init(database: PostgresConnection) {
        self.database = database
    }

    /// Writes the rows of `series` for the instrument in `[from, to)` to `file` and returns how many there were.
    ///
    /// - Parameters:
    ///   - instrumentID: The `instruments.id`.
    ///   - series: Which rows.
    ///   - from: The first second (inclusive), epoch seconds.
    ///   - to: The end (exclusive), epoch seconds.
    ///   - format: CSV or JSON lines.
    ///   - time: ISO 8601 or epoch seconds, both UTC.
    ///   - file: Where the bytes go; the caller commits or discards it.
    public func export(
        instrumentID: Int64,
        series: ExportSeries,
        from: Int64,
        to: Int64,
        format: ExportFormat,
        time: ExportTimeFormat,
        into file: ExportFile
    ) async throws -> Int {
        let statement = ExportQueries.statement(for: series, format: format)
        var settings: [String: String] = [
            "backfill.export_instrument": "\(instrumentID)", "backfill.export_from": "\(from)",
            "backfill.export_to": "\(to)", "backfill.export_epoch": time == .epoch ? "on" : "off",
        ]
        if case .bars(let barSize, let whatToShow) = series {
            settings["backfill.export_bar_size"] = barSize
            settings["backfill.export_what"] = whatToShow
        }
        let values = settings
        return try await database.withTransaction { database in
            try database.executeScript("SET TRANSACTION READ ONLY")
            for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                try database.query("SELECT set_config($1, $2, true)", [name, value])
            }
            return try database.copyTo(statement) { bytes in try file.write(bytes) }
        }
    }
}
