/// What a downloader should do about an IB error (DESIGN invariant 6; table in ib-protocol.md §5).
public enum IBErrorClass: String, Sendable, Hashable, CaseIterable {
    /// No data for the range: record the chunk as done with 0 bars.
    case empty
    /// Retry later with backoff; dead-letter after the attempts run out.
    case transient
    /// The request or contract is wrong or not permitted: dead-letter at once.
    case permanent
    /// IB's pacing was broken (or would be): cool the gateway down, requeue without spending an attempt.
    case pacing
    /// The gateway or one of its data farms failed mid-request (IB connectivity restored with data lost, a farm
    /// down): the request was fine, so requeue it without spending an attempt; the connection itself still works.
    case gatewayOutage
    /// The connection is gone or unusable: requeue in-flight work and reconnect.
    case connection
    /// A notice (farm status, warnings): nothing failed.
    case informational
}
