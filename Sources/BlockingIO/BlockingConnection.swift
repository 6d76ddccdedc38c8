import Logging

/// A connection actor that owns a blocking C handle on a thread of its own (Redis, PostgreSQL).
///
/// The extension gives every such connection its executor (the lifecycle's thread), `close()` and `isConnected`,
/// and the same ways to start and to be used: connect before returning, and open, run a body, close whatever
/// happens. A test checks that a connection's calls really run on its own thread.
public protocol BlockingConnection: Actor {
    /// Where and how to connect.
    associatedtype Configuration: Sendable
    /// The error every call throws.
    associatedtype Failure: Error

    /// The handle's owner (hiredis' or libpq's), kept by ``lifecycle``.
    associatedtype Handle: AnyObject

    /// The connection's thread and handle. Its executor is the actor's (``unownedExecutor``, from the extension);
    /// only this package reaches the handle.
    nonisolated var lifecycle: ConnectionLifecycle<Handle> { get }

    /// The label of the logger a connection gets when its creator gives none.
    static var loggerLabel: String { get }

    /// Creates a connection without connecting; the first call connects.
    init(configuration: Configuration, logger: Logger)

    /// Connects now rather than on the first call.
    func open() throws(Failure)

    /// Releases the handle and ends the connection's thread. Safe to call twice.
    func close()
}

extension BlockingConnection {
    /// The connection's own thread: every method runs there, never on Swift's cooperative pool.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { lifecycle.unownedExecutor }

    /// Closes the connection: later calls fail as closed. Safe to call twice.
    public func close() { lifecycle.close() }

    /// Whether a connection is open now (false after a broken connection until the next call reconnects).
    public var isConnected: Bool { lifecycle.isOpen }

    /// Connects before returning, so a bad address or refused credentials fail here rather than at first use.
    ///
    /// - Throws: the connection's `Failure`: `.connectionFailed` when the server cannot be reached or refuses the
    ///   credentials, with a message that names the server without its password.
    public static func connect(
        configuration: Configuration,
        logger: Logger = Logger(label: loggerLabel)
    ) async throws(Failure) -> Self {
        let connection = Self(configuration: configuration, logger: logger)
        do {
            try await connection.open()
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Opens a connection, runs `body` with it and closes it, whether `body` throws or not.
    public static func withConnection<Result: Sendable>(
        configuration: Configuration,
        logger: Logger = Logger(label: loggerLabel),
        _ body: (Self) async throws -> Result
    ) async throws -> Result {
        try await using(try await connect(configuration: configuration, logger: logger), body)
    }

    /// Runs `body` with an opened connection and closes it afterwards, whether `body` throws or not.
    public static func using<Result: Sendable>(
        _ connection: Self,
        _ body: (Self) async throws -> Result
    ) async throws -> Result {
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }
}
