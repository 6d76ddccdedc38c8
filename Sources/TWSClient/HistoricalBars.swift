import TWSProtocol

/// The answer to one historical-data request.
public struct HistoricalBars: Sendable {
    public var bars: [Bar]
    /// The range IB says it covered (opaque text; ib-protocol.md §2.2).
    public var start: String
    public var end: String
}
