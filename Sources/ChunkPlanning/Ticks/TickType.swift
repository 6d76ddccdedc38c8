/// Which historical ticks a chain downloads: IB's `reqHistoricalTicks` what-to-show values.
///
/// Each is its own reply message (IN 98 trades, 97 bid/ask, 96 midpoint) and its own table.
public enum TickType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Trades: price, size, exchange, special conditions, past-limit and unreported flags.
    case trades = "TRADES"
    /// Quotes: bid and ask with their sizes, and the bid-past-low and ask-past-high flags.
    case bidAsk = "BID_ASK"
    /// The midpoint of the quote.
    case midpoint = "MIDPOINT"

    /// Reads a user's spelling: IB's names in any case, `-` or `_` alike (`bid-ask`, `BID_ASK`).
    ///
    /// - Throws: ``InputError`` naming the three accepted values.
    public init(parsing text: String) throws(InputError) {
        let normalized = text.trimmingPlainSpacesForTicks().uppercased().replacingDashes()
        guard let type = TickType(rawValue: normalized) else {
            throw InputError("Unknown tick type '\(text)': use TRADES, BID_ASK or MIDPOINT.")
        }
        self = type
    }

    /// IB's name, e.g. `BID_ASK`.
    public var description: String {
        rawValue
    }
}

extension String {
    fileprivate func trimmingPlainSpacesForTicks() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }

    fileprivate func replacingDashes() -> String {
        String(map { $0 == "-" ? "_" : $0 })
    }
}
