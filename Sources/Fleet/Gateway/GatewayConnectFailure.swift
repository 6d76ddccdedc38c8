/// Why ``GatewaySession/connectOnce(attempts:)`` has no connection.
public enum GatewayConnectFailure: Error, Sendable, Hashable {
    /// No client id of the pool is free, or the pool could not be reached.
    case noClientID(String)
    /// Every client id tried was refused as in use (326).
    case everyIDRefused(tried: Int)
    /// Nothing answered at the gateway's address, or the handshake failed; IB's or the socket's reason.
    case unreachable(String)
    /// The session was closed.
    case closed
}
