import MarketCalendar

extension InstrumentUniverse {
    /// The simulator's default universe: 21 US stocks, 6 ETFs, 6 IDEALPRO currency pairs, the SPX index, BTC on
    /// PAXOS, and CME ES/NQ/RTY futures (every quarterly contract of 2023–2026, expired ones included, plus a
    /// `CONTFUT` per root).
    ///
    /// Prices are plausible 2024 levels; head timestamps are plausible listing dates (or IB's usual start of
    /// data). Contract ids are the simulator's own: stocks 1xxx, ETFs 2xxx, currencies 3xxx, index 4001,
    /// crypto 5001, futures 6xxxxxx.
    public static let standard = InstrumentUniverse(instruments: standardInstruments + futuresInstruments)

    private static var standardInstruments: [SimulatedInstrument] {
        stocks + funds + currencies + [spx, bitcoin].compactMap { $0 }
    }

    typealias Classification = (industry: String, category: String, subcategory: String)

    private static var stocks: [SimulatedInstrument] {
        let computers: Classification = ("Technology", "Computers", "Computers")
        let services: Classification = ("Technology", "Computers", "Computer Services")
        let software: Classification = ("Technology", "Software", "Applications Software")
        let enterprise: Classification = ("Technology", "Software", "Enterprise Software/Serv")
        let chips: Classification = ("Technology", "Semiconductors", "Electronic Compo-Semicon")
        let portals: Classification = ("Communications", "Internet", "Web Portals/ISP")
        let shops: Classification = ("Communications", "Internet", "E-Commerce/Products")
        let content: Classification = ("Communications", "Internet", "Internet Content-Entertain")
        let media: Classification = ("Communications", "Media", "Multimedia")
        let networking: Classification = ("Communications", "Telecommunications", "Networking Products")
        let cars: Classification = ("Consumer, Cyclical", "Auto Manufacturers", "Auto-Cars/Light Trucks")
        let retail: Classification = ("Consumer, Cyclical", "Retail", "Retail-Discount")
        let drugs: Classification = ("Consumer, Non-cyclical", "Pharmaceuticals", "Medical-Drugs")
        let toiletries: Classification = ("Consumer, Non-cyclical", "Cosmetics/Personal Care", "Cosmetics&Toiletries")
        let drinks: Classification = ("Consumer, Non-cyclical", "Beverages", "Beverages-Non-alcoholic")
        let banks: Classification = ("Financial", "Banks", "Diversified Banking Inst")
        let cards: Classification = ("Financial", "Diversified Finan Serv", "Finance-Credit Card")
        let oil: Classification = ("Energy", "Oil&Gas", "Oil Comp-Integrated")
        // conId, symbol, listing, name, price, minute volume, first day of data, classification.
        return [
            stock(1_001, "AAPL", "NASDAQ", "APPLE INC", 190, 150_000, "19801212", computers),
            stock(1_002, "MSFT", "NASDAQ", "MICROSOFT CORP", 400, 60_000, "19860313", software),
            stock(1_003, "AMZN", "NASDAQ", "AMAZON.COM INC", 180, 110_000, "19970515", shops, volatility: 1.2),
            stock(1_004, "GOOGL", "NASDAQ", "ALPHABET INC-CL A", 160, 70_000, "20040819", portals),
            stock(
                1_005,
                "META",
                "NASDAQ",
                "META PLATFORMS INC-CL A",
                480,
                40_000,
                "20120518",
                content,
                volatility: 1.4
            ),
            stock(1_006, "NVDA", "NASDAQ", "NVIDIA CORP", 120, 600_000, "19990122", chips, volatility: 1.8),
            stock(1_007, "TSLA", "NASDAQ", "TESLA INC", 220, 250_000, "20100629", cars, volatility: 2),
            stock(1_008, "JPM", "NYSE", "JPMORGAN CHASE & CO", 200, 25_000, "19800317", banks, volatility: 0.8),
            stock(1_009, "XOM", "NYSE", "EXXON MOBIL CORP", 110, 40_000, "19800317", oil, volatility: 0.8),
            stock(1_010, "JNJ", "NYSE", "JOHNSON & JOHNSON", 155, 20_000, "19800317", drugs, volatility: 0.6),
            stock(1_011, "V", "NYSE", "VISA INC-CLASS A SHARES", 270, 17_000, "20080319", cards, volatility: 0.7),
            stock(1_012, "PG", "NYSE", "PROCTER & GAMBLE CO", 165, 17_000, "19800317", toiletries, volatility: 0.6),
            stock(1_013, "KO", "NYSE", "COCA-COLA CO/THE", 62, 35_000, "19800317", drinks, volatility: 0.5),
            stock(1_014, "PEP", "NASDAQ", "PEPSICO INC", 170, 15_000, "19800317", drinks, volatility: 0.6),
            stock(1_015, "DIS", "NYSE", "WALT DISNEY CO/THE", 100, 25_000, "19800317", media),
            stock(1_016, "INTC", "NASDAQ", "INTEL CORP", 30, 110_000, "19800317", chips, volatility: 1.2),
            stock(1_017, "CSCO", "NASDAQ", "CISCO SYSTEMS INC", 50, 45_000, "19900216", networking, volatility: 0.8),
            stock(1_018, "ORCL", "NYSE", "ORACLE CORP", 140, 20_000, "19860312", enterprise),
            stock(
                1_019,
                "IBM",
                "NYSE",
                "INTL BUSINESS MACHINES CORP",
                190,
                10_000,
                "19800317",
                services,
                volatility: 0.7
            ),
            stock(1_020, "BAC", "NYSE", "BANK OF AMERICA CORP", 38, 100_000, "19800317", banks, volatility: 0.9),
            stock(1_021, "WMT", "NYSE", "WALMART INC", 70, 40_000, "19800317", retail, volatility: 0.6),
        ].compactMap { $0 }
    }

    private static var funds: [SimulatedInstrument] {
        let large: Classification = ("Funds", "Equity Fund", "Large Cap")
        let small: Classification = ("Funds", "Equity Fund", "Small Cap")
        let gold: Classification = ("Funds", "Commodity Fund", "Precious Metals")
        let bonds: Classification = ("Funds", "Debt Fund", "Government")
        return [
            stock(2_001, "SPY", "ARCA", "SPDR S&P 500 ETF TRUST", 520, 150_000, "19930129", large, volatility: 0.6),
            stock(2_002, "QQQ", "NASDAQ", "INVESCO QQQ TRUST", 450, 100_000, "19990310", large, volatility: 0.8),
            stock(2_003, "IWM", "ARCA", "ISHARES RUSSELL 2000 ETF", 210, 80_000, "20000526", small, volatility: 0.8),
            stock(2_004, "DIA", "ARCA", "SPDR DJIA TRUST", 400, 8_000, "19980120", large, volatility: 0.5),
            stock(2_005, "GLD", "ARCA", "SPDR GOLD SHARES", 220, 20_000, "20041118", gold, volatility: 0.5),
            stock(
                2_006,
                "TLT",
                "NASDAQ",
                "ISHARES 20+ YEAR TREASURY BD",
                92,
                60_000,
                "20020730",
                bonds,
                volatility: 0.5
            ),
        ].compactMap { $0 }
    }

    private static var currencies: [SimulatedInstrument] {
        [
            pair(3_001, "EUR", "USD", "European Monetary Union Euro", 1.08, "0.00005"),
            pair(3_002, "GBP", "USD", "British pound", 1.27, "0.00005"),
            pair(3_003, "USD", "JPY", "US Dollar", 150, "0.005"),
            pair(3_004, "AUD", "USD", "Australian dollar", 0.66, "0.00005"),
            pair(3_005, "USD", "CAD", "US Dollar", 1.36, "0.00005"),
            pair(3_006, "USD", "CHF", "US Dollar", 0.88, "0.00005"),
        ].compactMap { $0 }
    }

    private static var spx: SimulatedInstrument? {
        SimulatedInstrument(
            conId: 4_001,
            symbol: "SPX",
            secType: "IND",
            exchange: "CBOE",
            primaryExchange: "",
            currency: "USD",
            localSymbol: "SPX",
            tradingClass: "SPX",
            minTick: "0.01",
            sessionKind: .usIndex,
            basePrice: 5_200,
            longName: "S&P 500 Stock Index",
            industry: "Indices",
            category: "Broad Range Equity Index",
            subcategory: "*",
            headTimestamp: openingBell("19900102"),
            averageMinuteVolume: 0,
            volatility: 0.6
        )
    }

    private static var bitcoin: SimulatedInstrument? {
        SimulatedInstrument(
            conId: 5_001,
            symbol: "BTC",
            secType: "CRYPTO",
            exchange: "PAXOS",
            primaryExchange: "",
            currency: "USD",
            localSymbol: "BTC.USD",
            tradingClass: "BTC",
            minTick: "0.25",
            sessionKind: .crypto24x7,
            basePrice: 60_000,
            longName: "Bitcoin",
            industry: "Crypto Currency",
            category: "Crypto Currency",
            subcategory: "Crypto Currency",
            headTimestamp: openingBell("20210928"),
            averageMinuteVolume: 0.5,
            averageTradeSize: 0.02,
            volumeDecimals: 4,
            volatility: 2.5,
            halfSpreadTicks: 4
        )
    }

    static func stock(
        _ conId: Int,
        _ symbol: String,
        _ primary: String,
        _ name: String,
        _ price: Double,
        _ minuteVolume: Double,
        _ listed: String,
        _ classification: Classification,
        volatility: Double = 1
    ) -> SimulatedInstrument? {
        var venues = ["SMART", "AMEX", "NYSE", "ARCA", "BATS", "IEX", "EDGX", "CHX", "NASDAQ", "ISLAND"]
        venues.removeAll { $0 == primary }
        return SimulatedInstrument(
            conId: conId,
            symbol: symbol,
            secType: "STK",
            exchange: "SMART",
            primaryExchange: primary,
            currency: "USD",
            localSymbol: symbol,
            tradingClass: primary == "NASDAQ" ? "NMS" : symbol,
            minTick: "0.01",
            sessionKind: .usEquity,
            basePrice: price,
            longName: name,
            industry: classification.industry,
            category: classification.category,
            subcategory: classification.subcategory,
            headTimestamp: openingBell(listed),
            validExchanges: venues,
            averageMinuteVolume: minuteVolume,
            averageTradeSize: 120,
            volatility: volatility
        )
    }

    private static func pair(
        _ conId: Int,
        _ base: String,
        _ quote: String,
        _ name: String,
        _ price: Double,
        _ minTick: String
    ) -> SimulatedInstrument? {
        SimulatedInstrument(
            conId: conId,
            symbol: base,
            secType: "CASH",
            exchange: "IDEALPRO",
            primaryExchange: "",
            currency: quote,
            localSymbol: "\(base).\(quote)",
            tradingClass: "\(base).\(quote)",
            minTick: minTick,
            sessionKind: .forex24x5,
            basePrice: price,
            longName: name,
            industry: "Currency",
            category: "Currency",
            subcategory: "Currency",
            // IB's IDEALPRO history starts in the mid-2000s; Sunday 17:00 New York opens the week.
            headTimestamp: USTimeZone.eastern.utcInstant(date: date("20050227"), secondsOfDay: 17 * 3_600),
            averageMinuteVolume: 0,
            averageTradeSize: 1_000_000,
            volatility: 0.3,
            halfSpreadTicks: 1
        )
    }

    /// 09:30 New York on a `yyyyMMdd` date: the first regular-hours second of a listing day.
    static func openingBell(_ text: String) -> Int64 {
        USTimeZone.eastern.utcInstant(date: date(text), secondsOfDay: 9 * 3_600 + 30 * 60)
    }

    /// A `yyyyMMdd` literal from this file; a typo falls back to 1970-01-01, which the universe tests catch.
    static func date(_ text: String) -> CivilDate {
        CivilDate(yyyyMMdd: text) ?? CivilDate(daysSinceEpoch: 0)
    }
}
