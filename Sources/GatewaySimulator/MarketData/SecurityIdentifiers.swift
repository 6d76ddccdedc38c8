/// The ISINs the simulator reports in contract details' `secIdList`, as IB does for US stocks and ETFs.
///
/// The standard universe's are the listings' real ISINs (public identifiers; Nautilus's instrument provider
/// refuses a stock without one). A symbol added with `sim --add-symbol` gets one of the simulator's own: `US`,
/// `SIM`, six digits of its contract id and a valid check digit, so clients that validate ISINs accept it.
enum SecurityIdentifiers {
    static let isinBySymbol: [String: String] = [
        "AAPL": "US0378331005", "MSFT": "US5949181045", "AMZN": "US0231351067", "GOOGL": "US02079K3059",
        "META": "US30303M1027", "NVDA": "US67066G1040", "TSLA": "US88160R1014", "JPM": "US46625H1005",
        "XOM": "US30231G1022", "JNJ": "US4781601046", "V": "US92826C8394", "PG": "US7427181091",
        "KO": "US1912161007", "PEP": "US7134481081", "DIS": "US2546871060", "INTC": "US4581401001",
        "CSCO": "US17275R1023", "ORCL": "US68389X1054", "IBM": "US4592001014", "BAC": "US0605051046",
        "WMT": "US9311421039", "SPY": "US78462F1030", "QQQ": "US46090E1038", "IWM": "US4642876555",
        "DIA": "US78467X1090", "GLD": "US78463V1070", "TLT": "US4642874329",
    ]

    /// The ISIN of a stock or ETF of the universe.
    static func isin(symbol: String, conId: Int) -> String {
        if let known = isinBySymbol[symbol] { return known }
        let digits = String(conId % 1_000_000)
        let body = "USSIM" + String(repeating: "0", count: 6 - digits.count) + digits
        return body + String(isinCheckDigit(body))
    }

    /// ISO 6166's check digit: letters become two digits (A = 10 … Z = 35), then Luhn over the digit string,
    /// doubling every second digit from the right.
    static func isinCheckDigit(_ body: String) -> Int {
        var digits: [Int] = []
        for character in body.uppercased() {
            if let value = character.wholeNumberValue {
                digits.append(value)
            } else if let ascii = character.asciiValue, (65...90).contains(ascii) {
                let value = Int(ascii) - 55
                digits += [value / 10, value % 10]
            }
        }
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            let weighted = position % 2 == 0 ? digit * 2 : digit
            sum += weighted / 10 + weighted % 10
        }
        return (10 - sum % 10) % 10
    }
}
