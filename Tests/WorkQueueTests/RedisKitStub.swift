import RedisKit

/// Connections for tests that never send a command.
enum RedisKitStub {
    /// A connection to a port nobody should use; it connects lazily, so creating it does no I/O.
    static func unconnected() throws -> RedisConnection {
        RedisConnection(configuration: try RedisConfiguration(url: "redis://127.0.0.1:1/0"))
    }
}
