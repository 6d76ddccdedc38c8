/// One historical bar exactly as IB sent it: every number stays the decimal text from the wire, so nothing is
/// lost or rounded between IB and PostgreSQL.
public struct Bar: Sendable, Hashable {
    /// The bar's start: epoch seconds (formatDate 2) for intraday bars, `yyyyMMdd` for daily and longer bars.
    public var date: String
    public var open: String
    public var high: String
    public var low: String
    public var close: String
    /// `-1` where IB has no volume (MIDPOINT, BID, ASK, BID_ASK).
    public var volume: String
    public var wap: String
    public var count: Int

    public init(
        date: String,
        open: String,
        high: String,
        low: String,
        close: String,
        volume: String,
        wap: String,
        count: Int
    ) {
        self.date = date
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.wap = wap
        self.count = count
    }
}
