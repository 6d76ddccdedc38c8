import TWSProtocol

/// Something that happened to a connection, outside any one request.
public enum TWSEvent: Sendable {
    /// A notice with request id -1 (farm status, 1101/1102, warnings).
    case notice(IBError)
    /// The connection is gone; in-flight requests failed with `error`. No further events follow.
    case disconnected(TWSClientError)
}
