/// One historical tick (IB `reqHistoricalTicks`), with numbers as wire text.
///
/// - `TRADES`: ``price`` and ``size`` are the trade.
/// - `MIDPOINT`: ``price`` is the midpoint and ``size`` is `"0"`, as IB sends it.
/// - `BID_ASK`: the four quote fields are set; ``price`` holds the midpoint and ``size`` is `"0"`.
public struct SimulatedTick: Sendable, Hashable, CustomStringConvertible {
    /// The tick's time in UTC epoch seconds (IB reports whole seconds).
    public let time: Int64
    /// The trade price or midpoint.
    public let price: String
    /// The trade size, or `"0"` for quotes.
    public let size: String
    /// The bid price, for `BID_ASK` ticks only.
    public let bidPrice: String?
    /// The ask price, for `BID_ASK` ticks only.
    public let askPrice: String?
    /// The bid size, for `BID_ASK` ticks only.
    public let bidSize: String?
    /// The ask size, for `BID_ASK` ticks only.
    public let askSize: String?

    /// Creates a tick.
    ///
    /// - Parameters:
    ///   - time: UTC epoch seconds.
    ///   - price: Trade price or midpoint text.
    ///   - size: Trade size text, `"0"` for quotes.
    ///   - bidPrice: Bid price text (`BID_ASK`).
    ///   - askPrice: Ask price text (`BID_ASK`).
    ///   - bidSize: Bid size text (`BID_ASK`).
    ///   - askSize: Ask size text (`BID_ASK`).
    public init(
        time: Int64,
        price: String,
        size: String,
        bidPrice: String? = nil,
        askPrice: String? = nil,
        bidSize: String? = nil,
        askSize: String? = nil
    ) {
        self.time = time
        self.price = price
        self.size = size
        self.bidPrice = bidPrice
        self.askPrice = askPrice
        self.bidSize = bidSize
        self.askSize = askSize
    }

    /// A compact one-line rendering for logs and test failures.
    public var description: String {
        if let bidPrice, let askPrice {
            return "\(time) \(bidSize ?? "?")@\(bidPrice) / \(askSize ?? "?")@\(askPrice)"
        }
        return "\(time) \(size)@\(price)"
    }
}
