import MarketCalendar
import TWSProtocol

extension SessionKind {
    /// US stock venues: a `STK` routed or listed on one of these trades on the NYSE calendar.
    private static let usStockVenues: Set<String> = [
        "SMART", "NASDAQ", "NYSE", "ARCA", "AMEX", "BATS", "BYX", "IEX", "ISLAND", "NYSENAT", "PSE", "BEX",
    ]
    /// CME Group venues whose equity-index futures follow ``CMECalendar`` (GLOBEX and ECBOT are IB's older
    /// names for CME and CBOT electronic trading).
    private static let cmeVenues: Set<String> = ["CME", "GLOBEX", "CBOT", "ECBOT", "NYMEX", "COMEX"]

    /// The trading-hours model of a contract, or `nil` when Backfill has no calendar for it.
    ///
    /// `STK` on a US venue (SMART with a US or no listing exchange) is ``usEquity``, `IND` in USD ``usIndex``,
    /// `CASH` ``forex24x5``, `FUT`/`CONTFUT` on a CME Group venue ``cmeEquityFutures`` and `CRYPTO`
    /// ``crypto24x7``. Everything else (for example a stock on LSE) has no calendar, and the planner then treats
    /// every second as possibly holding data.
    ///
    /// - Parameter contract: The contract.
    public init?(contract: Contract) {
        let exchange = contract.exchange.uppercased()
        let primary = contract.primaryExchange.uppercased()
        let currency = contract.currency.uppercased()
        switch contract.secType {
        case .stock:
            let listedInUS = primary.isEmpty || Self.usStockVenues.contains(primary)
            guard Self.usStockVenues.contains(exchange), listedInUS, currency.isEmpty || currency == "USD" else {
                return nil
            }
            self = .usEquity
        case .index:
            guard currency.isEmpty || currency == "USD" else {
                return nil
            }
            self = .usIndex
        case .forex:
            self = .forex24x5
        case .future, .continuousFuture:
            guard Self.cmeVenues.contains(exchange) else {
                return nil
            }
            self = .cmeEquityFutures
        case .crypto:
            self = .crypto24x7
        }
    }

    /// Whether the sessions in the requested hours last at most 6¾ hours on weekdays, which selects the
    /// short-session span of a ``ChunkSizeRule``.
    func hasShortSessions(regularHoursOnly: Bool) -> Bool {
        switch self {
        case .usIndex: true
        case .usEquity, .cmeEquityFutures: regularHoursOnly
        case .forex24x5, .crypto24x7: false
        }
    }
}
