/// One historical bar, with every number already rendered as the decimal text the server sends.
///
/// Text fields make the wire output exact (no float formatting in the server) and make equality checks in
/// tests meaningful. For quote data (`MIDPOINT`, `BID`, `ASK`, `BID_ASK`) ``volume`` and ``wap`` are `"-1"` and
/// ``count`` is `-1`, as IB sends them.
public struct SimulatedBar: Sendable, Hashable, CustomStringConvertible {
    /// The bar's start in UTC epoch seconds: the first second with data for intraday bars (so a 1-hour RTH bar
    /// over 09:00–10:00 New York starts at 09:30), or 00:00 UTC of the trading day for daily, weekly and monthly
    /// bars (the server prints it as `yyyyMMdd`).
    public let start: Int64
    /// The opening price (for `BID_ASK`: the time-averaged bid).
    public let open: String
    /// The highest price (for `BID_ASK`: the highest ask).
    public let high: String
    /// The lowest price (for `BID_ASK`: the lowest bid).
    public let low: String
    /// The closing price (for `BID_ASK`: the time-averaged ask).
    public let close: String
    /// The traded volume, or `"-1"`.
    public let volume: String
    /// The volume-weighted average price, or `"-1"`.
    public let wap: String
    /// The number of trades, or `-1`.
    public let count: Int

    /// Creates a bar from already formatted fields.
    ///
    /// - Parameters:
    ///   - start: The start, in UTC epoch seconds.
    ///   - open: Opening price text.
    ///   - high: High price text.
    ///   - low: Low price text.
    ///   - close: Closing price text.
    ///   - volume: Volume text or `"-1"`.
    ///   - wap: WAP text or `"-1"`.
    ///   - count: Trade count or `-1`.
    public init(
        start: Int64,
        open: String,
        high: String,
        low: String,
        close: String,
        volume: String,
        wap: String,
        count: Int
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

    /// A compact one-line rendering for logs and test failures.
    public var description: String {
        "\(start) O=\(open) H=\(high) L=\(low) C=\(close) V=\(volume) WAP=\(wap) N=\(count)"
    }
}
