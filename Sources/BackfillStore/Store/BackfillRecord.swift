/// A backfill request as Postgres records it.
public struct BackfillRecord: Sendable, Hashable {
    /// Derived from the request, so enqueueing the same request twice finds the same backfill.
    public var id: String
    public var name: String?
    public var barSize: String
    public var whatToShow: String
    public var useRTH: Bool
    /// Epoch seconds, `[rangeStart, rangeEnd)`.
    public var rangeStart: Int64
    public var rangeEnd: Int64
    public var priority: Int

    public init(
        id: String,
        name: String? = nil,
        barSize: String,
        whatToShow: String,
        useRTH: Bool,
        rangeStart: Int64,
        rangeEnd: Int64,
        priority: Int = 0
    ) {
        self.id = id
        self.name = name
        self.barSize = barSize
        self.whatToShow = whatToShow
        self.useRTH = useRTH
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
        self.priority = priority
    }
}
