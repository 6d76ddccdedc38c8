/// One bar as the `bars` table stores it: a UTC start and IB's numbers as the decimal text from the wire.
///
/// Numbers stay text so that nothing is rounded between IB and PostgreSQL's `numeric` columns (a `Double` cannot
/// hold `0.1` exactly, and volumes of crypto or lots carry decimals). ``BarValidator`` only lets through text that
/// is a plain decimal, so the text can go into `COPY` as it is.
public struct StoredBar: Sendable, Hashable, CustomStringConvertible {
    /// The bar's start, UTC epoch seconds. Daily, weekly and monthly bars (dated `yyyyMMdd` by IB) start at 00:00 UTC
    /// of that date (DESIGN invariant 8).
    public var start: Int64
    public var open: String
    public var high: String
    public var low: String
    public var close: String
    /// The traded volume; nil where IB has none (it sends `-1` for quote data: MIDPOINT, BID, ASK, BID_ASK).
    public var volume: String?
    /// The volume-weighted average price; nil where IB sends `-1` because there is no volume.
    public var wap: String?
    /// The number of trades; nil where IB sends `-1`.
    public var count: Int?

    /// Creates a bar from already checked fields.
    ///
    /// - Parameters:
    ///   - start: The start, UTC epoch seconds.
    ///   - open: Opening price, decimal text.
    ///   - high: Highest price, decimal text.
    ///   - low: Lowest price, decimal text.
    ///   - close: Closing price, decimal text.
    ///   - volume: Volume, decimal text, or nil.
    ///   - wap: Volume-weighted average price, decimal text, or nil.
    ///   - count: Trade count, or nil.
    public init(
        start: Int64,
        open: String,
        high: String,
        low: String,
        close: String,
        volume: String?,
        wap: String?,
        count: Int?
    ) {
        self.start = start
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.wap = wap
        self.count = count
    }

    /// `1704724200 O=185.2 H=185.9 L=185.1 C=185.5 V=1200 WAP=185.51 N=310`, for logs and test failures.
    public var description: String {
        "\(start) O=\(open) H=\(high) L=\(low) C=\(close) V=\(volume ?? "-") WAP=\(wap ?? "-") N=\(count.map(String.init) ?? "-")"
    }
}
