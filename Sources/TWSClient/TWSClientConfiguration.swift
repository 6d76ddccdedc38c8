/// Where the gateway is and how patient to be with it.
public struct TWSClientConfiguration: Sendable {
    public var host: String
    /// IB Gateway paper 4002 (live 4001); TWS paper 7497 (live 7496).
    public var port: Int
    /// One per live connection (DESIGN invariant 5).
    public var clientID: Int
    public var connectTimeout: Duration = .seconds(5)
    /// From TCP connect to nextValidId + managedAccounts.
    public var handshakeTimeout: Duration = .seconds(10)
    /// Default per-request timeout; a request that takes longer is cancelled at the gateway.
    public var requestTimeout: Duration = .seconds(120)

    public init(host: String = "127.0.0.1", port: Int = 4002, clientID: Int) {
        self.host = host
        self.port = port
        self.clientID = clientID
    }
}
