/// Turns what users type into a ``Contract``.
///
/// Accepted forms (IB's simplified symbology, as in the Nautilus adapter, plus a full spec):
/// - `AAPL` — a US stock or ETF, SMART-routed, USD;
/// - `AAPL.NASDAQ` — the same with its listing exchange (`primaryExchange`), still SMART-routed;
/// - `EUR/USD.IDEALPRO` — a forex pair (`CASH`); `BTC/USD.PAXOS` — crypto;
/// - `ESZ4.CME` — a future by its local symbol (expired ones too); `ESZ24.CME` — by root and month `202412`;
/// - `ES.CME` — a root without a month on a futures exchange is IB's continuous future (`CONTFUT`);
/// - `^SPX.CBOE` — an index;
/// - `secType=FUT,symbol=ES,exchange=CME,lastTradeDateOrContractMonth=202412,multiplier=50` — any field of
///   ``Contract`` by name (also `conId=265598,exchange=SMART`), separated by commas or semicolons.
///
/// Anything else is refused with a ``ContractParseError`` that says what was expected.
public enum ContractSymbol {
    /// Stock exchanges that may follow a stock symbol as its listing exchange.
    static let stockVenues: Set<String> = [
        "SMART", "NASDAQ", "NYSE", "ARCA", "AMEX", "BATS", "BYX", "IEX", "ISLAND", "NYSENAT", "PSE", "BEX",
        "LSE", "IBIS", "SBF", "AEB", "TSE", "TSEJ", "SEHK", "ASX",
    ]
    static let futureVenues: Set<String> = [
        "CME", "CBOT", "NYMEX", "COMEX", "GLOBEX", "ECBOT", "CFE", "ICEUS", "EUREX",
    ]
    static let indexVenues: Set<String> = ["CBOE", "CME", "NASDAQ", "NYSE", "ARCA"]
    static let forexVenues: Set<String> = ["IDEALPRO", "IDEAL"]
    static let cryptoVenues: Set<String> = ["PAXOS", "ZEROHASH"]
    /// Futures month codes, January to December.
    static let monthCodes: [Character] = ["F", "G", "H", "J", "K", "M", "N", "Q", "U", "V", "X", "Z"]

    /// Parses one symbol or contract spec.
    ///
    /// - Throws: ``ContractParseError`` naming the problem.
    public static func parse(_ text: String) throws(ContractParseError) -> Contract {
        let input = text.trimmingSpaces()
        guard !input.isEmpty else { throw ContractParseError(input: text, "The symbol is empty.") }
        guard input.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f }) else {
            throw ContractParseError(input: text, "Symbol '\(text)' has characters IB does not accept.")
        }
        if input.contains("=") { return try ContractSpec.parse(input) }
        // A short symbol never holds a space or an empty part; a share class is typed BRK.B (IB's "BRK B"). Only a
        // full spec may spell a symbol with a space (symbol=BRK B).
        guard !input.contains(where: \.isWhitespace) else {
            throw ContractParseError(input: text, "Symbol '\(input)' has a space; write a share class as BRK.B.")
        }
        guard !input.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty),
            !input.split(separator: "/", omittingEmptySubsequences: false).contains(where: \.isEmpty)
        else {
            throw ContractParseError(input: text, "Symbol '\(input)' has an empty part around a '.' or '/'.")
        }
        let upper = input.uppercased()
        let (body, venue) = split(upper)
        if body.hasPrefix("^") { return try index(String(body.dropFirst()), venue: venue, input: text) }
        if body.contains("/") { return try pair(body, venue: venue, input: text) }
        if let venue, futureVenues.contains(venue) { return try future(body, venue: venue, input: text) }
        return try stock(body, venue: venue, input: text)
    }

    /// Splits `BODY.VENUE` at the last dot when what follows it names a known venue; `BRK.B` stays whole.
    private static func split(_ text: String) -> (String, String?) {
        guard let dot = text.lastIndex(of: "."), dot != text.startIndex else { return (text, nil) }
        let venue = String(text[text.index(after: dot)...])
        let known = stockVenues.union(futureVenues).union(indexVenues).union(forexVenues).union(cryptoVenues)
        guard known.contains(venue) else { return (text, nil) }
        return (String(text[..<dot]), venue)
    }

    private static func stock(_ body: String, venue: String?, input: String) throws(ContractParseError) -> Contract {
        guard isSymbol(body) else {
            throw ContractParseError(
                input: input,
                "'\(input)' is not a symbol: expected e.g. AAPL, AAPL.NASDAQ, EUR/USD.IDEALPRO, ESZ4.CME or ^SPX.CBOE."
            )
        }
        // IB writes share classes with a space ("BRK B"); a dot that is not a venue is taken the same way.
        let symbol = body.replacingDots(with: " ")
        let primary = (venue == nil || venue == "SMART") ? "" : venue!
        return Contract(symbol: symbol, secType: .stock, exchange: "SMART", primaryExchange: primary, currency: "USD")
    }

    private static func index(_ body: String, venue: String?, input: String) throws(ContractParseError) -> Contract {
        guard isSymbol(body), !body.contains(".") else {
            throw ContractParseError(input: input, "'\(input)' is not an index symbol such as ^SPX.CBOE.")
        }
        return Contract(symbol: body, secType: .index, exchange: venue ?? "CBOE", currency: "USD")
    }

    private static func pair(_ body: String, venue: String?, input: String) throws(ContractParseError) -> Contract {
        let parts = body.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count >= 2 && $0.count <= 5 && $0.allSatisfy(\.isLetter) })
        else {
            throw ContractParseError(input: input, "'\(input)' is not a currency pair such as EUR/USD.IDEALPRO.")
        }
        let base = String(parts[0])
        let quote = String(parts[1])
        if let venue, cryptoVenues.contains(venue) {
            return Contract(symbol: base, secType: .crypto, exchange: venue, currency: quote)
        }
        guard venue == nil || forexVenues.contains(venue!) else {
            throw ContractParseError(input: input, "'\(input)': pairs trade on IDEALPRO (forex) or PAXOS (crypto).")
        }
        return Contract(
            symbol: base,
            secType: .forex,
            exchange: venue ?? "IDEALPRO",
            currency: quote,
            localSymbol: "\(base).\(quote)"
        )
    }

    private static func future(_ body: String, venue: String, input: String) throws(ContractParseError) -> Contract {
        let characters = Array(body)
        guard !characters.isEmpty, characters.count <= 12, characters.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw ContractParseError(input: input, "'\(input)' is not a future such as ESZ4.CME or ES.CME.")
        }
        // Root, month code, then one or two year digits: ESZ4, RTYH5, ESZ24.
        let digits = characters.reversed().prefix(while: \.isNumber).count
        if (1...2).contains(digits), characters.count >= digits + 2 {
            let monthIndex = characters.count - digits - 1
            if let month = monthCodes.firstIndex(of: characters[monthIndex]) {
                let root = String(characters[..<monthIndex])
                let year = String(characters[(monthIndex + 1)...])
                if digits == 1 {
                    // IB's local symbols use one year digit; it resolves the decade, expired contracts included.
                    return Contract(
                        symbol: root,
                        secType: .future,
                        exchange: venue,
                        currency: "USD",
                        localSymbol: body,
                        includeExpired: true
                    )
                }
                let monthText = month + 1 < 10 ? "0\(month + 1)" : "\(month + 1)"
                return Contract(
                    symbol: root,
                    secType: .future,
                    lastTradeDateOrContractMonth: "20\(year)\(monthText)",
                    exchange: venue,
                    currency: "USD",
                    includeExpired: true
                )
            }
        }
        guard digits == 0 else {
            throw ContractParseError(
                input: input,
                "'\(input)' is not a future: expected ROOT+month code+year (ESZ4.CME) or a root (ES.CME)."
            )
        }
        return Contract(symbol: body, secType: .continuousFuture, exchange: venue, currency: "USD")
    }

    private static func isSymbol(_ text: String) -> Bool {
        guard let first = text.first, text.count <= 21, first.isLetter || first.isNumber else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == " " || $0 == "-" }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        let trimmed = drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace)
        return String(trimmed.reversed())
    }

    fileprivate func replacingDots(with replacement: Character) -> String {
        String(map { $0 == "." ? replacement : $0 })
    }
}
