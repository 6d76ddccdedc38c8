import TWSProtocol

extension Contract {
    /// The fields that name the instrument, as unambiguous text: the conId when IB assigned one, otherwise
    /// secType, symbol, local symbol, exchange, primary exchange, currency and expiry.
    ///
    /// Chunk ids, covered ranges and head timestamps are keyed by this text, so two `Contract` values for the
    /// same instrument (say, one with `includeExpired` set) share chunks. Each field is length-prefixed, so no
    /// choice of field contents can make two different contracts collide.
    var planningIdentity: String {
        if conId != 0 {
            return "conId:\(conId)"
        }
        let fields = [
            secType.rawValue, symbol, localSymbol, exchange, primaryExchange, currency, lastTradeDateOrContractMonth,
        ]
        return fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
    }
}
