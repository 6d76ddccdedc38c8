import MarketCalendar
import TWSProtocol

/// The contract-details fields that are reference data rather than price-model parameters, derived from the
/// instrument's kind. Each says where IB's value comes from and where the simulator's is its own.
extension SimulatedInstrument {
    /// ETFs are `STK` at IB, told apart by `stockType`.
    var isFund: Bool {
        secType == "STK" && industry == "Funds"
    }

    /// `secIdList`: IB sends the ISIN for stocks and ETFs; nothing for currencies, indices, futures or crypto.
    var securityIDs: [ContractDetails.SecurityID] {
        guard secType == "STK" else { return [] }
        return [ContractDetails.SecurityID(tag: "ISIN", value: SecurityIdentifiers.isin(symbol: symbol, conId: conId))]
    }

    /// `stockType`: `COMMON` or `ETF` for stocks (IB's values); empty for every other kind, as IB leaves it.
    var stockType: String {
        guard secType == "STK" else { return "" }
        return isFund ? "ETF" : "COMMON"
    }

    /// The underlying of a future or continuous future: the equity index it settles on (`ES` → the ES index,
    /// secType `IND`, as IB reports it). Contract ids are the simulator's own (4100 + the root's number).
    var underlying: (conId: Int, symbol: String, secType: String)? {
        guard secType == "FUT" || secType == "CONTFUT" else { return nil }
        let root = (conId - 6_000_000) / 10_000
        return (4_100 + root, symbol, "IND")
    }

    /// `marketRuleIds`: one rule per valid exchange, comma separated, as IB lists them. IB's ids are opaque
    /// numbers resolved by `reqMarketRule`, which the simulator does not serve; these are its own, one per kind.
    var marketRuleIDs: String {
        let rule: Int
        switch secType {
        case "STK": rule = 26
        case "CASH": rule = 239
        case "IND": rule = 110
        case "CRYPTO": rule = 1_000
        default: rule = 67
        }
        return [String](repeating: "\(rule)", count: max(1, listedExchanges.count)).joined(separator: ",")
    }

    /// The exchanges contract details list in `validExchanges`.
    var listedExchanges: [String] {
        validExchanges.isEmpty ? [exchange] : validExchanges
    }

    /// `aggGroup`: IB's margin aggregation group; 1 for stocks and ETFs, 2 for futures, 4 for currencies and
    /// crypto, 0 for indices, which are not tradable (the simulator's reading of IB's usual values).
    var aggGroup: Int {
        switch secType {
        case "STK": 1
        case "FUT", "CONTFUT": 2
        case "CASH", "CRYPTO": 4
        default: 0
        }
    }

    /// `minSize`, `sizeIncrement`, `suggestedSizeIncrement` (server ≥ 164): whole units, except crypto, which
    /// IB trades in fractions (one step of the volume's decimals); stocks suggest round lots of 100.
    var sizeRules: (minimum: String, increment: String, suggested: String) {
        if volumeDecimals > 0 {
            let step = "0." + String(repeating: "0", count: volumeDecimals - 1) + "1"
            return (step, step, step)
        }
        return ("1", "1", secType == "STK" ? "100" : "1")
    }

    /// The contract a continuous future stands for at `now`: the front quarterly contract, rolled eight days
    /// before its expiry, as the bars follow it. IB's details for a CONTFUT carry the front contract's expiry.
    func frontContractExpiry(now: Int64) -> CivilDate {
        USTimeZone.central.localDate(at: BarGenerator.PriceModel.frontExpiry(after: now))
    }
}
