import BackfillCLibPQ
import BlockingIO
import Logging
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to PostgreSQL over libpq, with its own thread.
///
/// Every method runs on a ``DedicatedThreadExecutor`` owned by this actor, so libpq's blocking calls never occupy
/// Swift's cooperative pool and the `PGconn` is only touched from that thread. Methods are synchronous inside the
/// actor; callers outside `await` them. ``withTransaction(_:)`` runs its whole body on that thread, so no other
/// statement of this connection can slip into the transaction.
///
/// Statements are parameterised only (`PQexecParams`, text format): SQL text is a ``PostgresQuery`` literal and
/// values are `$1`, `$2`, … parameters. Every session runs with `TimeZone = UTC` and ISO dates.
///
/// Failures: a server error throws ``PostgresError`` `.server` with its SQLSTATE and leaves the connection usable.
/// A broken connection throws `.connectionLost` and drops the `PGconn`; the next call connects again. A statement
/// that failed that way is never re-sent automatically, since it may have committed.
///
/// Lifecycle (``ConnectionLifecycle``, shared with RedisKit): call ``close()`` when done; if you do not, the `PGconn`
/// is finished and the thread ended when the connection goes away.
public actor PostgresConnection: BlockingConnection {
    public nonisolated let configuration: PostgresConfiguration
    public nonisolated let lifecycle: ConnectionLifecycle<LibPQConnection>
    /// How to cancel the statement running now, from any thread; replaced at each connect.
    private nonisolated let canceller = NIOLockedValueBox<LibPQCancel?>(nil)
    let logger: Logger
    /// The live libpq connection, or nil when not connected (never connected, broken, or closed).
    private var connection: OpaquePointer? { lifecycle.handle?.pointer }

    public static let loggerLabel = "backfill.postgres"

    /// Creates a connection without connecting; the first statement connects.
    public init(configuration: PostgresConfiguration, logger: Logger = Logger(label: loggerLabel)) {
        self.configuration = configuration
        self.logger = logger
        self.lifecycle = ConnectionLifecycle(threadName: "postgres \(configuration.endpoint)")
    }

    /// Asks the server to cancel the statement this connection is running, if any (libpq's `PQcancel`, from any
    /// thread). The statement fails with SQLSTATE 57014 (`query_canceled`); its transaction rolls back.
    public nonisolated func cancelRunningStatement() {
        canceller.withLockedValue { $0 }?.cancel()
    }

    // MARK: Statements

    /// Runs one statement with parameters and returns all its rows.
    ///
    /// - Throws: `.invalidParameter` (nothing sent), `.server` (with SQLSTATE), `.connectionLost`.
    @discardableResult
    public func query(
        _ query: PostgresQuery,
        _ parameters: [any PostgresBindable] = []
    ) throws(PostgresError)
        -> PostgresResult
    {
        let connection = try connectIfNeeded()
        let texts = parameters.map(\.postgresText)
        for (index, text) in texts.enumerated() where text?.utf8.contains(0) == true {
            throw PostgresError(
                .invalidParameter,
                "Parameter $\(index + 1) contains a NUL byte, which PostgreSQL text cannot hold."
            )
        }
        let result = Self.withCStrings(texts) { values in
            PQexecParams(connection, query.sql, Int32(texts.count), nil, values, nil, nil, 0)
        }
        return try consume(result, expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK])
    }

    /// Runs one statement with parameters: `try await db.query("… $1 …", [value])`.
    @discardableResult
    public func query(
        _ query: PostgresQuery,
        _ parameters: any PostgresBindable...
    ) throws(PostgresError)
        -> PostgresResult
    {
        try self.query(query, parameters)
    }

    /// Runs a fixed script of one or more statements with no parameters (migrations, `SET`).
    ///
    /// This is the one path that uses the simple-query protocol (`PQexec`), because DDL scripts hold several
    /// statements; it takes only literals, so no value can be spliced into it.
    public func executeScript(_ script: PostgresQuery) throws(PostgresError) {
        let connection = try connectIfNeeded()
        _ = try consume(PQexec(connection, script.sql), expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK])
    }

    /// Runs `body` inside `BEGIN` … `COMMIT`, rolling back if it throws.
    ///
    /// The body runs on this connection's thread without suspending, so no other statement of this connection
    /// can run inside the transaction.
    ///
    /// - Throws: whatever `body` throws (after the rollback), or a ``PostgresError`` from `BEGIN`/`COMMIT`.
    public func withTransaction<Result: Sendable>(
        _ body: @Sendable (isolated PostgresConnection) throws -> Result
    ) throws -> Result {
        let connection = try connectIfNeeded()
        guard PQtransactionStatus(connection) == PQTRANS_IDLE else {
            throw PostgresError(.unexpectedResult, "withTransaction was called inside a transaction already open.")
        }
        try executeScript("BEGIN")
        let result: Result
        do {
            result = try body(self)
        } catch {
            rollbackQuietly()
            throw error
        }
        try executeScript("COMMIT")
        return result
    }

    private func rollbackQuietly() {
        guard let connection, PQtransactionStatus(connection) != PQTRANS_IDLE else { return }
        do {
            try executeScript("ROLLBACK")
        } catch {
            // The connection is dropped if broken; the server aborts the transaction on disconnect anyway.
            logger.debug("ROLLBACK failed", metadata: ["error": "\(error)"])
        }
    }

    // MARK: COPY

    /// Streams rows into `COPY … FROM STDIN` (text format) and returns how many rows the server stored.
    ///
    /// `body` writes rows to a ``PostgresCopyWriter``, which sends them in blocks of about 64 KiB as they are
    /// written, so memory stays flat however many rows there are. If `body` throws, the COPY is aborted (nothing
    /// is stored) and the error is rethrown.
    ///
    /// - Parameter statement: a `COPY table (columns…) FROM STDIN` literal.
    public func copyFrom(
        _ statement: PostgresQuery,
        _ body: (inout PostgresCopyWriter) throws -> Void
    ) throws -> Int {
        let connection = try connectIfNeeded()
        let start = PQexec(connection, statement.sql)
        guard let start, PQresultStatus(start) == PGRES_COPY_IN else {
            // The server refused the statement, the connection broke, or it was not COPY FROM STDIN: `consume`
            // clears the result and throws the matching error (nothing is accepted).
            _ = try consume(start, expecting: [])
            throw PostgresError(.unexpectedResult, "copyFrom needs a COPY … FROM STDIN statement.")
        }
        PQclear(start)

        var writer = PostgresCopyWriter { bytes throws(PostgresError) in
            let sent = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    PQputCopyData(connection, chars.baseAddress, Int32(chars.count))
                }
            }
            if sent != 1 { throw self.connectionLost(during: "COPY") }
        }
        do {
            try body(&writer)
            try writer.flush()
        } catch {
            if self.connection != nil {
                PQputCopyEnd(connection, "aborted by the client")
                drainResults(connection)
            }
            throw error
        }
        guard PQputCopyEnd(connection, nil) == 1 else { throw connectionLost(during: "COPY") }
        var stored = 0
        var failure: PostgresError?
        while let result = PQgetResult(connection) {
            do {
                stored += try consume(result, expecting: [PGRES_COMMAND_OK]).affectedRows
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        return stored
    }

    /// Streams the output of `COPY … TO STDOUT` to `sink`, block by block as the server sends it, and returns how
    /// many rows the server wrote: memory stays flat however many rows there are.
    ///
    /// Each call of `sink` gets one row as the server formatted it (libpq hands COPY data over a row at a time). If
    /// `sink` throws, the statement is cancelled, what the server had sent already is read and dropped (the
    /// connection stays usable), and the error is rethrown.
    ///
    /// - Parameter statement: a `COPY (SELECT …) TO STDOUT …` literal. COPY takes no parameters: pass values
    ///   through `set_config` on this connection first and read them with `current_setting`.
    public func copyTo(
        _ statement: PostgresQuery,
        _ sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Int {
        let connection = try connectIfNeeded()
        let start = PQexec(connection, statement.sql)
        guard let start, PQresultStatus(start) == PGRES_COPY_OUT else {
            _ = try consume(start, expecting: [])
            throw PostgresError(.unexpectedResult, "copyTo needs a COPY … TO STDOUT statement.")
        }
        PQclear(start)
        var failure: (any Error)?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(connection, &buffer, 0)
            if length > 0, let buffer {
                defer { PQfreemem(buffer) }
                if failure == nil {
                    do {
                        try sink(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
                    } catch {
                        failure = error
                        cancelRunningStatement()
                    }
                }
                continue
            }
            if length == -1 { break }  // done: the command's result follows
            throw connectionLost(during: "COPY")
        }
        var written = 0
        while let result = PQgetResult(connection) {
            do {
                written += try consume(result, expecting: [PGRES_COMMAND_OK]).affectedRows
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        return written
    }

    private func drainResults(_ connection: OpaquePointer) {
        while let result = PQgetResult(connection) { PQclear(result) }
    }

    // MARK: Connection management

    /// Connects now rather than on the first command.
    public func open() throws(PostgresError) {
        try connectIfNeeded()
    }

    @discardableResult
    private func connectIfNeeded() throws(PostgresError) -> OpaquePointer {
        if let connection { return connection }
        guard !lifecycle.isClosed else { throw PostgresError(.closed, "The PostgreSQL connection was closed.") }
        guard Self.libpqIsThreadSafe else {
            throw PostgresError(
                .connectionFailed,
                "This libpq was built without thread safety; install Debian's libpq5."
            )
        }
        // Defaults first, the URL last: with expand_dbname, later settings override earlier ones, so anything the
        // URL says about timeouts or the application name wins.
        let keywords = ["connect_timeout", "fallback_application_name", "dbname"]
        let values = [String(configuration.connectTimeoutSeconds), configuration.applicationName, configuration.url]
        let opened = Self.withCStrings(keywords) { keywordPointers in
            Self.withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let opened else {
            throw PostgresError(.connectionFailed, "Cannot connect to PostgreSQL at \(configuration): out of memory.")
        }
        guard PQstatus(opened) == CONNECTION_OK else {
            let reason = Self.connectionFailureReason(String(cString: PQerrorMessage(opened)))
            PQfinish(opened)
            throw PostgresError(
                .connectionFailed,
                configuration.scrub("Cannot connect to PostgreSQL at \(configuration): \(reason).")
            )
        }
        lifecycle.adopt(LibPQConnection(opened))
        canceller.withLockedValue { $0 = LibPQCancel(opened) }
        do {
            // Time is UTC everywhere (DESIGN invariant 8), and dates print as ISO whatever the server's defaults.
            // Notices ("relation already exists, skipping") would go to stderr through libpq's default
            // processor; warnings and errors still arrive.
            try executeScript("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET client_min_messages = warning")
            if let timeout = configuration.statementTimeout {
                // set_config rather than SET, which takes no parameters.
                try query("SELECT set_config('statement_timeout', $1, false)", "\(max(1, timeout.milliseconds))")
            }
        } catch {
            lifecycle.drop()
            throw error
        }
        logger.debug("Connected to PostgreSQL", metadata: ["database": "\(configuration)"])
        return opened
    }

    /// The first line of libpq's message, without its "connection to server at …, port … failed:" preamble,
    /// which repeats what our own message says.
    static func connectionFailureReason(_ message: String) -> String {
        let firstLine = message.split(separator: "\n").first.map(String.init) ?? message
        let reason: Substring
        if let range = firstLine.firstRange(of: " failed: ") {
            reason = firstLine[range.upperBound...]
        } else {
            reason = firstLine[...]
        }
        let trimmed = reason.trimming(where: \.isWhitespace)
        return trimmed.hasSuffix(".") ? String(trimmed.dropLast()) : trimmed
    }

    /// Converts a finished result into Swift values (or an error) and frees it; every result is cleared once.
    func consume(
        _ result: OpaquePointer?,
        expecting accepted: [ExecStatusType]
    ) throws(PostgresError)
        -> PostgresResult
    {
        guard let result else { throw connectionLost(during: "a statement") }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        if accepted.contains(status) {
            return Self.copyRows(result)
        }
        if status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR,
            let connection, PQstatus(connection) == CONNECTION_OK
        {
            throw serverError(result)
        }
        if let connection, PQstatus(connection) != CONNECTION_OK {
            throw connectionLost(during: "a statement")
        }
        throw PostgresError(
            .unexpectedResult,
            "PostgreSQL answered with \(String(cString: PQresStatus(status))) where it was not expected."
        )
    }

    private func serverError(_ result: OpaquePointer) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let pointer = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: pointer)
        }
        let primary = field("M") ?? String(cString: PQresultErrorMessage(result))
        var error = PostgresError(.server, configuration.scrub(primary))
        error.sqlState = field("C")
        error.severity = field("V") ?? field("S")
        error.detail = field("D").map(configuration.scrub)
        error.hint = field("H")
        error.schemaName = field("s")
        error.tableName = field("t")
        error.columnName = field("c")
        error.constraintName = field("n")
        return error
    }

    /// Drops a broken connection and returns the error to throw; the next statement reconnects.
    func connectionLost(during operation: String) -> PostgresError {
        let reason = connection.map { String(cString: PQerrorMessage($0)) } ?? "no connection"
        lifecycle.drop()
        let firstLine = reason.split(separator: "\n").first.map(String.init) ?? "connection closed"
        logger.debug("PostgreSQL connection lost", metadata: ["operation": "\(operation)"])
        return PostgresError(
            .connectionLost,
            configuration.scrub(
                "Lost the connection to PostgreSQL at \(configuration.endpoint) during \(operation): \(firstLine)"
            )
        )
    }

    private static func copyRows(_ result: OpaquePointer) -> PostgresResult {
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        let columns = PostgresColumns(names: (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) })
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, row, column)))
                }
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        let tuples = String(cString: PQcmdTuples(result))
        return PostgresResult(columns: columns, rows: rows, affectedRows: Int(tuples) ?? 0)
    }

    /// Calls `body` with a C array of NUL-terminated strings (nil entries stay NULL), valid only inside `body`.
    static func withCStrings<Result>(
        _ strings: [String?],
        _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result
    ) -> Result {
        var storage: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0)! } }
        storage.append(nil)  // PQconnectdbParams wants a NULL-terminated array; the others ignore it.
        defer { for pointer in storage { free(pointer) } }
        return storage.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) { body($0) }
        }
    }
}
