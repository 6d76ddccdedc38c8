import Foundation

/// `EXPLAIN (ANALYZE, BUFFERS)` of the export's query for one series and range, run by `psql` with the same
/// settings the exporter makes, and what the plan says about how the rows were read.
struct ReadPlan {
    /// The plan as PostgreSQL printed it, one line per element.
    let lines: [String]

    static func explain(databaseURL: String, select: ExportSelect) throws -> ReadPlan {
        let output = try ExternalTool.run(
            ["psql", databaseURL, "-v", "ON_ERROR_STOP=1", "-qAt"] + select.psqlSettings
                + ["-c", "EXPLAIN (ANALYZE, BUFFERS) \(select.sql)"]
        )
        return ReadPlan(lines: output.split(separator: "\n").map(String.init))
    }

    /// One range scan of the bars primary key and nothing above or beside it: no sort, no bitmap, no second
    /// node. The rows then come off the index in time order, so reading a year costs one descent of the tree and a
    /// walk along its leaves.
    var isSingleIndexRangeScan: Bool {
        guard let top = lines.first,
            top.hasPrefix("Index Scan using bars_pkey on bars")
                || top.hasPrefix("Index Only Scan using bars_pkey on bars")
        else { return false }
        return !lines.dropFirst().contains { $0.contains("->") || $0.contains("Sort") }
    }

    /// The server's own measure of the query: `Execution Time` in milliseconds.
    var executionMilliseconds: Double? {
        lines.lazy.compactMap { line -> Double? in
            guard line.hasPrefix("Execution Time:") else { return nil }
            return Double(line.dropFirst("Execution Time:".count).split(separator: " ").first ?? "")
        }.first
    }
}
