/// What a statement returned: its rows (all of them, copied) and the number of rows it affected.
public struct PostgresResult: Sendable {
    public let columns: PostgresColumns
    public let rows: [PostgresRow]
    /// From the command tag: rows inserted, updated, deleted, copied or selected; 0 when the tag has none.
    public let affectedRows: Int

    /// The only row, or nil when there is none.
    ///
    /// - Throws: `.unexpectedResult` when there is more than one.
    public func singleRow() throws(PostgresError) -> PostgresRow? {
        guard rows.count <= 1 else {
            throw PostgresError(.unexpectedResult, "Expected at most one row, got \(rows.count).")
        }
        return rows.first
    }
}
