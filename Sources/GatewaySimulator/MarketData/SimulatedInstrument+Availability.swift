import MarketCalendar

extension SimulatedInstrument {
    /// Whether IB serves `whatToShow` for this kind of contract.
    ///
    /// Currencies have no trades, indices only trades, crypto trades only as `AGGTRADES`, and adjusted data
    /// exists only for stocks and ETFs. The server answers other combinations with IB's error 162 "No data of
    /// type … is available".
    ///
    /// - Parameter whatToShow: The requested data type.
    /// - Returns: `true` if bars of that type can be requested.
    public func supports(_ whatToShow: SimulatedWhatToShow) -> Bool {
        switch secType {
        case "STK":
            whatToShow != .aggregatedTrades
        case "IND":
            whatToShow == .trades
        case "CASH":
            !whatToShow.reportsVolume
        case "FUT", "CONTFUT":
            whatToShow != .adjustedLast && whatToShow != .aggregatedTrades
        case "CRYPTO":
            whatToShow != .trades && whatToShow != .adjustedLast
        default:
            false
        }
    }

    /// The last trading time of a dated future, in UTC epoch seconds: 08:30 Chicago on the last trade date,
    /// when CME equity-index futures stop trading. `nil` for undated instruments.
    public var lastTradeTime: Int64? {
        guard secType == "FUT", let date = CivilDate(yyyyMMdd: lastTradeDateOrContractMonth.prefix(8)) else {
            return nil
        }
        return USTimeZone.central.utcInstant(date: date, secondsOfDay: 8 * 3_600 + 30 * 60)
    }

    /// The UTC seconds for which data exists: from ``headTimestamp`` to ``lastTradeTime`` (or forever).
    public var dataRange: Range<Int64> {
        let end = lastTradeTime ?? Int64.max
        return headTimestamp..<max(end, headTimestamp)
    }

    /// Whether a dated future has stopped trading at `time`.
    ///
    /// - Parameter time: UTC epoch seconds.
    /// - Returns: `true` once ``lastTradeTime`` has passed.
    public func isExpired(at time: Int64) -> Bool {
        guard let lastTradeTime else {
            return false
        }
        return time >= lastTradeTime
    }
}
