/// Which client's request this is: the pair TWS uses to route replies and cancels.
///
/// Request ids are chosen by clients, so two clients may use the same one; only the pair is unique on a
/// gateway.
public struct RequestIdentity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The API client id given at `startApi`.
    public var clientId: Int

    /// The client's request (ticker) id.
    public var reqId: Int

    /// An identity from its parts.
    public init(clientId: Int, reqId: Int) {
        self.clientId = clientId
        self.reqId = reqId
    }

    /// Orders by client, then request id, so listings are stable.
    public static func < (lhs: RequestIdentity, rhs: RequestIdentity) -> Bool {
        (lhs.clientId, lhs.reqId) < (rhs.clientId, rhs.reqId)
    }

    /// `client 3 req 17`.
    public var description: String {
        "client \(clientId) req \(reqId)"
    }
}
