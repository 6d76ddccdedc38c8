/// One historical tick (IN 96, 97 or 98), values as the decimal text IB sent.
public struct HistoricalTick: Sendable, Hashable {
    public enum Kind: Int, Sendable, Hashable {
        case midpoint = 96
        case bidAsk = 97
        case trade = 98
    }

    /// Epoch seconds.
    public var time: Int64
    /// For trades: the price; for midpoint: the midpoint; for bid/ask: the bid.
    public var price: String
    /// For trades and midpoints: the size; for bid/ask: the bid size.
    public var size: String
    /// Bid/ask only.
    public var askPrice: String
    public var askSize: String
    /// Trade and bid/ask attribute bits.
    public var mask: Int
    /// Trades only.
    public var exchange: String
    public var specialConditions: String

    public init(
        time: Int64,
        price: String,
        size: String,
        askPrice: String = "",
        askSize: String = "",
        mask: Int = 0,
        exchange: String = "",
        specialConditions: String = ""
    ) {
        self.time = time
        self.price = price
        self.size = size
        self.askPrice = askPrice
        self.askSize = askSize
        self.mask = mask
        self.exchange = exchange
        self.specialConditions = specialConditions
    }

    func fields(_ kind: Kind) -> [String] {
        switch kind {
        case .midpoint: ["\(time)", "0", price, size]
        case .bidAsk: ["\(time)", "\(mask)", price, askPrice, size, askSize]
        case .trade: ["\(time)", "\(mask)", price, size, exchange, specialConditions]
        }
    }

    static func fieldCount(_ kind: Kind) -> Int { kind == .midpoint ? 4 : 6 }

    init(_ kind: Kind, reader: inout TWSFieldReader) throws {
        let time = try reader.int64()
        switch kind {
        case .midpoint:
            try reader.skip()
            self.init(time: time, price: try reader.string(), size: try reader.string())
        case .bidAsk:
            let mask = try reader.int()
            let bid = try reader.string()
            let ask = try reader.string()
            let bidSize = try reader.string()
            self.init(time: time, price: bid, size: bidSize, askPrice: ask, askSize: try reader.string(), mask: mask)
        case .trade:
            let mask = try reader.int()
            let price = try reader.string()
            let size = try reader.string()
            let exchange = try reader.string()
            self.init(
                time: time,
                price: price,
                size: size,
                mask: mask,
                exchange: exchange,
                specialConditions: try reader.string()
            )
        }
    }
}
