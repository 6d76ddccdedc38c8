/// A connection actor that owns a blocking C handle on a thread of its own (Redis, PostgreSQL).
///
/// The extension gives every such connection the same scoped use: open, run a body, close whatever happens.
public protocol BlockingConnection: Actor {
    /// Releases the handle and ends the connection's thread. Safe to call twice.
    func close()
}

extension BlockingConnection {
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
