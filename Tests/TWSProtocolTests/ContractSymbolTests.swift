import TWSProtocol
import Testing

@Suite struct ContractSymbolTests {
    @Test func plainStock() throws {
        let contract = try ContractSymbol.parse("AAPL")
        #expect(contract == Contract(symbol: "AAPL", secType: .stock, exchange: "SMART", currency: "USD"))
        #expect(try ContractSymbol.parse(" aapl ") == contract)
    }

    @Test func stockWithListingExchange() throws {
        let contract = try ContractSymbol.parse("AAPL.NASDAQ")
        #expect(contract.exchange == "SMART")
        #expect(contract.primaryExchange == "NASDAQ")
        #expect(contract.secType == .stock)
    }

    @Test func shareClassesKeepTheirDotAsASpace() throws {
        #expect(try ContractSymbol.parse("BRK.B").symbol == "BRK B")
    }

    @Test func forexPair() throws {
        let contract = try ContractSymbol.parse("EUR/USD.IDEALPRO")
        #expect(
            contract
                == Contract(
                    symbol: "EUR",
                    secType: .forex,
                    exchange: "IDEALPRO",
                    currency: "USD",
                    localSymbol: "EUR.USD"
                )
        )
    }

    @Test func cryptoPair() throws {
        let contract = try ContractSymbol.parse("BTC/USD.PAXOS")
        #expect(contract.secType == .crypto && contract.symbol == "BTC" && contract.exchange == "PAXOS")
    }

    @Test func futureByLocalSymbol() throws {
        let contract = try ContractSymbol.parse("ESZ4.CME")
        #expect(contract.secType == .future)
        #expect(contract.symbol == "ES")
        #expect(contract.localSymbol == "ESZ4")
        #expect(contract.exchange == "CME")
        #expect(contract.includeExpired)
        #expect(try ContractSymbol.parse("RTYH5.CME").symbol == "RTY")
    }

    @Test func futureByRootAndTwoDigitYear() throws {
        let contract = try ContractSymbol.parse("ESZ24.CME")
        #expect(
            contract.symbol == "ES" && contract.lastTradeDateOrContractMonth == "202412" && contract.localSymbol.isEmpty
        )
    }

    @Test func continuousFuture() throws {
        let contract = try ContractSymbol.parse("ES.CME")
        #expect(contract.secType == .continuousFuture && contract.symbol == "ES")
    }

    @Test func index() throws {
        #expect(
            try ContractSymbol.parse("^SPX.CBOE")
                == Contract(symbol: "SPX", secType: .index, exchange: "CBOE", currency: "USD")
        )
    }

    @Test func fullSpec() throws {
        let contract = try ContractSymbol.parse(
            "secType=FUT,symbol=ES,exchange=CME,lastTradeDateOrContractMonth=202412,multiplier=50"
        )
        #expect(
            contract.secType == .future && contract.multiplier == "50"
                && contract.lastTradeDateOrContractMonth == "202412"
        )
        // A share class is typed with a dot, and only a full spec spells IB's space.
        #expect(try ContractSymbol.parse("BRK.B").symbol == "BRK B")
        #expect(try ContractSymbol.parse(" AAPL ").symbol == "AAPL")
        let byID = try ContractSymbol.parse("conId=265598; exchange=SMART")
        #expect(byID.conId == 265_598 && byID.secType == .stock)
    }

    @Test(arguments: [
        "", "   ", "EUR/USD.CME", "EU/RO/X", "^.CBOE", "ES-Z4.CME", "AAPL$", "secType=OPT,symbol=X",
        "symbol=AAPL,colour=red", "conId=abc", "secType=FUT,symbol=ES", "ÄPPL", "*",
        // Spaces and empty parts (issue 12): IB never uses them in a short symbol.
        "AA PL", "AAPL\tX", "A..B", "AAPL.", ".AAPL", "EUR//USD.IDEALPRO", "EUR/.IDEALPRO", "^SPX..CBOE",
    ])
    func refusesWhatItCannotParseWithASentence(input: String) {
        #expect {
            _ = try ContractSymbol.parse(input)
        } throws: { error in
            guard let error = error as? ContractParseError else { return false }
            return !error.message.isEmpty && error.message.hasSuffix(".")
        }
    }
}

@Suite struct BarSizeSettingTests {
    @Test(arguments: [
        ("1 secs", "1 secs"), ("1s", "1 secs"), ("5s", "5 secs"), ("1min", "1 min"), ("1 min", "1 min"),
        ("5min", "5 mins"), ("5 mins", "5 mins"), ("1h", "1 hour"), ("1 hour", "1 hour"), ("4 hours", "4 hours"),
        ("1d", "1 day"), ("1 day", "1 day"), ("1W", "1 week"), ("1 month", "1 month"), ("30 secs", "30 secs"),
    ])
    func acceptsIBStringsAndShortForms(text: String, ibName: String) throws {
        #expect(try BarSizeSetting(parsing: text).ibName == ibName)
    }

    @Test(arguments: ["", "7 mins", "0s", "1 fortnight", "min", "2 days", "-1 min"])
    func refusesSizesIBDoesNotOffer(text: String) {
        #expect(throws: BarSizeError.self) { try BarSizeSetting(parsing: text) }
    }
}
