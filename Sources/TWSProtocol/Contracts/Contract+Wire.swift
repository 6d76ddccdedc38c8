extension Contract {
    /// "Contract block A" (ib-protocol.md §2): conId, symbol, secType, lastTradeDateOrContractMonth, strike, right,
    /// multiplier, exchange, primaryExchange, currency, localSymbol, tradingClass, includeExpired.
    ///
    /// An unset strike goes out as `0.0`, as IB's official client writes its float default (ibapi `client.py`,
    /// `make_field(contract.strike)`), so our frames equal its frames field for field.
    var blockA: [String] {
        [
            "\(conId)", symbol, secType.rawValue, lastTradeDateOrContractMonth, strike.isEmpty ? "0.0" : strike,
            right, multiplier, exchange,
            primaryExchange, currency, localSymbol, tradingClass, includeExpired.wire,
        ]
    }

    /// Reads contract block A.
    ///
    /// - Throws: ``TWSProtocolError`` for a secType Backfill does not know (the simulator answers those with 321).
    init(blockA reader: inout TWSFieldReader) throws {
        let conId = try reader.int()
        let symbol = try reader.string()
        let secTypeText = try reader.string()
        guard let secType = SecurityType(rawValue: secTypeText) else {
            throw TWSProtocolError(.malformedFields, "\(reader.messageName) has secType '\(secTypeText.prefix(16))'.")
        }
        self.init(
            conId: conId,
            symbol: symbol,
            secType: secType,
            lastTradeDateOrContractMonth: try reader.string(),
            strike: Self.strike(try reader.string()),
            right: try reader.string(),
            multiplier: try reader.string(),
            exchange: try reader.string(),
            primaryExchange: try reader.string(),
            currency: try reader.string(),
            localSymbol: try reader.string(),
            tradingClass: try reader.string(),
            includeExpired: try reader.bool()
        )
    }

    /// A strike as read from the wire; the zero clients send for "no strike" reads as none.
    static func strike(_ text: String) -> String {
        Double(text) == 0 ? "" : text
    }
}
