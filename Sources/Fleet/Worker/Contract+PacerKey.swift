import TWSProtocol

extension Contract {
    /// Names the contract for the pacer's same-contract rule: IB's conId when known, else the fields that tell
    /// contracts apart.
    var pacerKey: String {
        if conId != 0 { return "conid:\(conId)" }
        return [
            symbol, secType.rawValue, exchange, primaryExchange, currency, lastTradeDateOrContractMonth,
            multiplier, localSymbol,
        ].joined(separator: "|")
    }
}
