import TWSProtocol

/// One chunk as the store writes it: one IB request and the span it covers.
public struct ChunkRow: Sendable, Hashable {
    /// Derived from the request's fields (DESIGN invariant 2), so writing a chunk twice is a no-op.
    public var id: String
    public var contract: Contract
    /// IB's exact bar size string, e.g. `1 min`.
    public var barSize: String
    public var whatToShow: String
    public var useRTH: Bool
    /// The exact endDateTime sent to IB (`yyyyMMdd-HH:mm:ss`, UTC), or empty for "now".
    public var endDateTime: String
    /// IB's duration text, e.g. `1 W`.
    public var duration: String
    /// The span covered, epoch seconds: `[windowStart, windowEnd)`.
    public var windowStart: Int64
    public var windowEnd: Int64

    public init(
        id: String,
        contract: Contract,
        barSize: String,
        whatToShow: String,
        useRTH: Bool,
        endDateTime: String,
        duration: String,
        windowStart: Int64,
        windowEnd: Int64
    ) {
        self.id = id
        self.contract = contract
        self.barSize = barSize
        self.whatToShow = whatToShow
        self.useRTH = useRTH
        self.endDateTime = endDateTime
        self.duration = duration
        self.windowStart = windowStart
        self.windowEnd = windowEnd
    }
}
