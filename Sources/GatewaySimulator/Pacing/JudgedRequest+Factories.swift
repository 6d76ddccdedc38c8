extension JudgedRequest {
    /// A key naming an instrument, as the same-contract rule sees it.
    ///
    /// A positive conId identifies the contract on its own; otherwise the describing fields do. Exchange is
    /// part of the description because without a conId IB resolves the contract through it.
    ///
    /// - Returns: `conId:265598`, or the describing fields joined with ``joinedKey(_:)``.
    public static func contractKey(
        conId: Int,
        symbol: String,
        secType: String,
        exchange: String,
        currency: String,
        localSymbol: String,
        expiry: String
    ) -> String {
        if conId > 0 { return "conId:\(conId)" }
        return "contract:" + joinedKey([symbol, secType, exchange, currency, localSymbol, expiry])
    }

    /// A reqHistoricalData request.
    ///
    /// - Parameters:
    ///   - identity: The client and request id.
    ///   - contractKey: See ``contractKey(conId:symbol:secType:exchange:currency:localSymbol:expiry:)``.
    ///   - exchange: The contract's exchange field.
    ///   - endDateTime: As sent; `""` means now. Two requests for "now" are identical even though "now" moved:
    ///     IB cannot tell them apart either.
    ///   - duration: The durationStr, e.g. `1 D`.
    ///   - barSize: The barSizeSetting, e.g. `5 secs`; converted with ``barSizeSeconds(_:)``.
    ///   - whatToShow: The data type.
    ///   - useRTH: Regular trading hours only.
    ///   - formatDate: 1 or 2.
    public static func historicalData(
        identity: RequestIdentity,
        contractKey: String,
        exchange: String,
        endDateTime: String,
        duration: String,
        barSize: String,
        whatToShow: String,
        useRTH: Bool,
        formatDate: Int
    ) -> JudgedRequest {
        JudgedRequest(
            identity: identity,
            kind: .historicalData,
            contractKey: contractKey,
            exchange: exchange,
            whatToShow: whatToShow,
            barSizeSeconds: barSizeSeconds(barSize),
            identicalKey: joinedKey([
                Kind.historicalData.rawValue, contractKey, exchange, endDateTime, duration, barSize, whatToShow,
                useRTH ? "1" : "0", String(formatDate),
            ])
        )
    }

    /// A reqHeadTimeStamp request: judged by the hard rules and open until cancelled.
    public static func headTimestamp(
        identity: RequestIdentity,
        contractKey: String,
        exchange: String,
        whatToShow: String,
        useRTH: Bool,
        formatDate: Int
    ) -> JudgedRequest {
        JudgedRequest(
            identity: identity,
            kind: .headTimestamp,
            contractKey: contractKey,
            exchange: exchange,
            whatToShow: whatToShow,
            barSizeSeconds: nil,
            identicalKey: joinedKey([
                Kind.headTimestamp.rawValue, contractKey, exchange, whatToShow, useRTH ? "1" : "0",
                String(formatDate),
            ])
        )
    }

    /// A reqHistoricalTicks request.
    public static func historicalTicks(
        identity: RequestIdentity,
        contractKey: String,
        exchange: String,
        startDateTime: String,
        endDateTime: String,
        numberOfTicks: Int,
        whatToShow: String,
        useRTH: Bool
    ) -> JudgedRequest {
        JudgedRequest(
            identity: identity,
            kind: .historicalTicks,
            contractKey: contractKey,
            exchange: exchange,
            whatToShow: whatToShow,
            barSizeSeconds: nil,
            identicalKey: joinedKey([
                Kind.historicalTicks.rawValue, contractKey, exchange, startDateTime, endDateTime,
                String(numberOfTicks), whatToShow, useRTH ? "1" : "0",
            ])
        )
    }

    /// The length of a bar in seconds, for deciding between small and large bars.
    ///
    /// Accepts IB's barSizeSetting strings (`1 secs`, `30 secs`, `1 min`, `2 mins`, `1 hour`, `1 day`,
    /// `1 week`, `1 month`) and is lenient about plurals, so that validation (error 321) stays the server's job.
    /// A month counts as 30 days; only the comparison with 30 seconds matters.
    ///
    /// - Returns: The seconds, or `nil` when the text is not `<count> <unit>`.
    public static func barSizeSeconds(_ setting: String) -> Int? {
        let parts = setting.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let count = Int(parts[0]), count > 0 else { return nil }
        let unitSeconds: Int
        switch parts[1].lowercased() {
        case "sec", "secs", "second", "seconds", "s": unitSeconds = 1
        case "min", "mins", "minute", "minutes": unitSeconds = 60
        case "hour", "hours", "h": unitSeconds = 3_600
        case "day", "days", "d": unitSeconds = 86_400
        case "week", "weeks", "w": unitSeconds = 604_800
        case "month", "months", "m": unitSeconds = 2_592_000
        default: return nil
        }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: unitSeconds)
        return overflow ? nil : seconds
    }
}
