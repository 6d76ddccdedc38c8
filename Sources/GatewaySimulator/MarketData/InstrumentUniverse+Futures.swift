import MarketCalendar

extension InstrumentUniverse {
    /// The month codes of the quarterly equity-index cycle.
    static let quarterlyMonths: [(month: Int, code: String)] = [(3, "H"), (6, "M"), (9, "U"), (12, "Z")]

    private struct FuturesRoot {
        let index: Int
        let symbol: String
        let longName: String
        let multiplier: String
        let minTick: String
        let price: Double
        let minuteVolume: Double
        let volatility: Double
        let launched: String
    }

    private static let futuresRoots = [
        FuturesRoot(
            index: 1,
            symbol: "ES",
            longName: "E-mini S&P 500",
            multiplier: "50",
            minTick: "0.25",
            price: 5_200,
            minuteVolume: 3_000,
            volatility: 0.6,
            launched: "19970909"
        ),
        FuturesRoot(
            index: 2,
            symbol: "NQ",
            longName: "E-mini Nasdaq-100",
            multiplier: "20",
            minTick: "0.25",
            price: 18_500,
            minuteVolume: 1_200,
            volatility: 0.8,
            launched: "19990621"
        ),
        FuturesRoot(
            index: 3,
            symbol: "RTY",
            longName: "E-mini Russell 2000 Index",
            multiplier: "50",
            minTick: "0.1",
            price: 2_100,
            minuteVolume: 300,
            volatility: 0.8,
            launched: "20170710"
        ),
    ]

    static var futuresInstruments: [SimulatedInstrument] {
        var result: [SimulatedInstrument] = []
        for root in futuresRoots {
            for year in 2023...2026 {
                for (quarter, cycle) in quarterlyMonths.enumerated() {
                    if let contract = contract(root: root, year: year, quarter: quarter, cycle: cycle) {
                        result.append(contract)
                    }
                }
            }
            if let continuous = continuous(root: root) {
                result.append(continuous)
            }
        }
        return result
    }

    /// A quarterly contract expiring on the third Friday of its month, listed about fifteen months earlier.
    private static func contract(
        root: FuturesRoot,
        year: Int,
        quarter: Int,
        cycle: (month: Int, code: String)
    ) -> SimulatedInstrument? {
        guard let lastTrade = CivilDate.nth(3, .friday, month: cycle.month, year: year) else {
            return nil
        }
        let listed = USTimeZone.central.utcInstant(date: lastTrade.adding(days: -456), secondsOfDay: 17 * 3_600)
        return SimulatedInstrument(
            conId: 6_000_000 + root.index * 10_000 + (year % 100) * 10 + quarter + 1,
            symbol: root.symbol,
            secType: "FUT",
            exchange: "CME",
            primaryExchange: "",
            currency: "USD",
            localSymbol: "\(root.symbol)\(cycle.code)\(year % 10)",
            tradingClass: root.symbol,
            lastTradeDateOrContractMonth: lastTrade.yyyyMMdd,
            multiplier: root.multiplier,
            minTick: root.minTick,
            sessionKind: .cmeEquityFutures,
            basePrice: root.price,
            longName: root.longName,
            headTimestamp: listed,
            validExchanges: ["GLOBEX"],
            averageMinuteVolume: root.minuteVolume,
            averageTradeSize: 3,
            volatility: root.volatility
        )
    }

    /// IB's continuous future: always the front contract, rolled eight days before expiry.
    private static func continuous(root: FuturesRoot) -> SimulatedInstrument? {
        SimulatedInstrument(
            conId: 6_000_000 + root.index * 10_000 + 9_999,
            symbol: root.symbol,
            secType: "CONTFUT",
            exchange: "CME",
            primaryExchange: "",
            currency: "USD",
            localSymbol: "",
            tradingClass: root.symbol,
            multiplier: root.multiplier,
            minTick: root.minTick,
            sessionKind: .cmeEquityFutures,
            basePrice: root.price,
            longName: root.longName,
            headTimestamp: USTimeZone.central.utcInstant(date: date(root.launched), secondsOfDay: 8 * 3_600 + 30 * 60),
            validExchanges: ["GLOBEX"],
            averageMinuteVolume: root.minuteVolume,
            averageTradeSize: 3,
            volatility: root.volatility
        )
    }
}
