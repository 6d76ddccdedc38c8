import ChunkPlanning
import TWSProtocol

/// One chunk as the store writes and reads it: one IB request and the span it covers.
///
/// Typed from the planner to the worker: ``barSize`` and ``duration`` are decoded once, where a row leaves
/// PostgreSQL (a row whose text IB would not take fails there, with its chunk id), so no one after it parses text.
public struct ChunkRow: Sendable, Hashable {
    /// Derived from the request's fields (DESIGN invariant 2), so writing a chunk twice is a no-op.
    public var id: String
    public var contract: Contract
    /// The bar size; stored as IB's exact string, e.g. `1 min`.
    public var barSize: BarSizeSetting
    public var whatToShow: String
    public var useRTH: Bool
    /// The exact endDateTime sent to IB (`yyyyMMdd-HH:mm:ss`, UTC), or empty for "now".
    public var endDateTime: String
    /// The duration; stored as IB's text, e.g. `1 W`.
    public var duration: IBDuration
    /// The span covered, epoch seconds: `[windowStart, windowEnd)`.
    public var windowStart: Int64
    public var windowEnd: Int64

    public init(
        id: String,
        contract: Contract,
        barSize: BarSizeSetting,
        whatToShow: String,
        useRTH: Bool,
        endDateTime: String,
        duration: IBDuration,
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

extension ChunkRow {
    /// The chunk the planner made, as the store records it.
    public init(_ planned: PlannedChunk) {
        self.init(
            id: planned.id.rawValue,
            contract: planned.contract,
            barSize: planned.barSize,
            whatToShow: planned.whatToShow,
            useRTH: planned.useRTH,
            endDateTime: planned.endDateTime,
            duration: planned.duration,
            windowStart: planned.windowStart,
            windowEnd: planned.windowEnd
        )
    }
}
