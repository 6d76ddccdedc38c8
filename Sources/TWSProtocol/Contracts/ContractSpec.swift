/// The `field=value,…` form of ``ContractSymbol``, for contracts the short forms cannot express.
enum ContractSpec {
    static func parse(_ input: String) throws(ContractParseError) -> Contract {
        var values: [String: String] = [:]
        for pair in input.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw ContractParseError(input: input, "'\(pair)' in '\(input)' is not field=value.")
            }
            let key = parts[0].filter { !$0.isWhitespace }.lowercased()
            let value = String(parts[1]).drop(while: \.isWhitespace)
            guard let field = aliases[key] else {
                throw ContractParseError(
                    input: input,
                    "Unknown contract field '\(parts[0])'; known: \(Set(aliases.values).sorted().joined(separator: ", "))."
                )
            }
            values[field] = String(value)
        }
        let secTypeText = (values["secType"] ?? "STK").uppercased()
        guard let secType = SecurityType(rawValue: secTypeText) else {
            throw ContractParseError(
                input: input,
                "secType '\(secTypeText)' is not one of \(SecurityType.allCases.map(\.rawValue).joined(separator: ", "))."
            )
        }
        var conId = 0
        if let text = values["conId"] {
            guard let parsed = Int(text), parsed > 0 else {
                throw ContractParseError(input: input, "conId '\(text)' is not a positive number.")
            }
            conId = parsed
        }
        let symbol = values["symbol"]?.uppercased() ?? ""
        let localSymbol = values["localSymbol"] ?? ""
        guard conId != 0 || !symbol.isEmpty || !localSymbol.isEmpty else {
            throw ContractParseError(input: input, "'\(input)' needs a conId, symbol or localSymbol.")
        }
        let exchange = values["exchange"]?.uppercased() ?? (secType == .stock ? "SMART" : "")
        guard !exchange.isEmpty else {
            throw ContractParseError(input: input, "'\(input)' needs an exchange for secType \(secType.rawValue).")
        }
        var includeExpired = secType == .future
        if let text = values["includeExpired"]?.lowercased() {
            guard let flag = ["1": true, "true": true, "yes": true, "0": false, "false": false, "no": false][text]
            else {
                throw ContractParseError(input: input, "includeExpired '\(text)' is not true or false.")
            }
            includeExpired = flag
        }
        return Contract(
            conId: conId,
            symbol: symbol,
            secType: secType,
            lastTradeDateOrContractMonth: values["lastTradeDateOrContractMonth"] ?? "",
            multiplier: values["multiplier"] ?? "",
            exchange: exchange,
            primaryExchange: values["primaryExchange"]?.uppercased() ?? "",
            currency: values["currency"]?.uppercased() ?? "USD",
            localSymbol: localSymbol,
            tradingClass: values["tradingClass"] ?? "",
            includeExpired: includeExpired
        )
    }

    /// Lower-cased names users may write → the field they set.
    static let aliases: [String: String] = [
        "conid": "conId", "symbol": "symbol", "sectype": "secType", "exchange": "exchange",
        "primaryexchange": "primaryExchange", "primaryexch": "primaryExchange", "currency": "currency",
        "lasttradedateorcontractmonth": "lastTradeDateOrContractMonth", "lasttradedate": "lastTradeDateOrContractMonth",
        "expiry": "lastTradeDateOrContractMonth", "multiplier": "multiplier", "localsymbol": "localSymbol",
        "tradingclass": "tradingClass", "includeexpired": "includeExpired",
    ]
}
