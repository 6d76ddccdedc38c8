/// Something statements can be sent through: one ``PostgresConnection``, or a ``PostgresConnectionPool`` that lends
/// one of its connections for each call.
///
/// The stores take a client, so a command that needs one connection passes its connection and a worker, whose
/// slots must not wait behind each other's transactions, passes a pool.
public protocol PostgresClient: Sendable {
    /// Runs `body` with a connection that no one else uses until it returns.
    func withConnection<Result: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result

    /// Asks the server to cancel the statements this client's connections are running now (libpq's `PQcancel`),
    /// e.g. when a shutdown's grace period is over. Each fails with SQLSTATE 57014 (`query_canceled`); a
    /// transaction it was part of rolls back. Connections that are idle are not affected.
    func cancelRunningStatements()
}

extension PostgresClient {
    /// Runs one statement on a connection of this client; see ``PostgresConnection/query(_:_:)-([PostgresBindable])``.
    @discardableResult
    public func query(
        _ query: PostgresQuery,
        _ parameters: [any PostgresBindable] = []
    ) async throws
        -> PostgresResult
    {
        try await withConnection { try await $0.statement(query, parameters) }
    }

    /// Runs one statement on a connection of this client, parameters listed.
    @discardableResult
    public func query(_ query: PostgresQuery, _ parameters: any PostgresBindable...) async throws -> PostgresResult {
        try await self.query(query, parameters)
    }

    /// Runs `body` in one transaction on one connection; see ``PostgresConnection/withTransaction(_:)``.
    public func withTransaction<Result: Sendable>(
        _ body: @Sendable (isolated PostgresConnection) throws -> Result
    ) async throws -> Result {
        try await withConnection { try await $0.transaction(body) }
    }
}

extension PostgresConnection: PostgresClient {
    // The client's conveniences reach the connection's own methods through these names: called as `query` or
    // `withTransaction` on a connection inside them, Swift would pick the conveniences again, forever.
    func statement(
        _ query: PostgresQuery,
        _ parameters: [any PostgresBindable]
    ) throws(PostgresError)
        -> PostgresResult
    {
        try self.query(query, parameters)
    }

    func transaction<Result: Sendable>(
        _ body: @Sendable (isolated PostgresConnection) throws -> Result
    ) throws
        -> Result
    {
        try withTransaction(body)
    }

    public func withConnection<Result: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await body(self)
    }

    public nonisolated func cancelRunningStatements() {
        cancelRunningStatement()
    }
}
