extension TWSMessage {
    /// The fields a gateway writes for this message at `serverVersion`.
    public func fields(serverVersion: Int) -> TWSFields {
        switch self {
        case .error(let error):
            if serverVersion >= TWSServerVersion.errorTime {
                return TWSFields([
                    "\(ID.error)", "\(error.requestID)", "\(error.code)", error.message, error.advancedOrderRejectJSON,
                    "\(error.errorTime ?? 0)",
                ])
            }
            return TWSFields([
                "\(ID.error)", "2", "\(error.requestID)", "\(error.code)", error.message, error.advancedOrderRejectJSON,
            ])
        case .historicalData(let requestID, let bars, let startAndEnd):
            var values = ["\(ID.historicalData)", "\(requestID)"]
            if serverVersion < TWSServerVersion.historicalDataEnd {
                values += [startAndEnd?.0 ?? "", startAndEnd?.1 ?? ""]
            }
            values.append("\(bars.count)")
            for bar in bars {
                values += [bar.date, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.wap, "\(bar.count)"]
            }
            return TWSFields(values)
        case .historicalDataEnd(let requestID, let start, let end):
            return TWSFields(["\(ID.historicalDataEnd)", "\(requestID)", start, end])
        case .headTimestamp(let requestID, let timestamp):
            return TWSFields(["\(ID.headTimestamp)", "\(requestID)", timestamp])
        case .contractDetails(let requestID, let details):
            return TWSFields(["\(ID.contractDetails)", "\(requestID)"] + details.fields(serverVersion: serverVersion))
        case .contractDetailsEnd(let requestID):
            return TWSFields(["\(ID.contractDetailsEnd)", "1", "\(requestID)"])
        case .historicalTicks(let requestID, let kind, let ticks, let done):
            return TWSFields(
                ["\(kind.rawValue)", "\(requestID)", "\(ticks.count)"] + ticks.flatMap { $0.fields(kind) } + [done.wire]
            )
        case .nextValidID(let orderID):
            return TWSFields(["\(ID.nextValidID)", "1", "\(orderID)"])
        case .managedAccounts(let accounts):
            return TWSFields(["\(ID.managedAccounts)", "1", accounts.joined(separator: ",")])
        case .currentTime(let seconds):
            return TWSFields(["\(ID.currentTime)", "1", "\(seconds)"])
        case .currentTimeInMillis(let milliseconds):
            return TWSFields(["\(ID.currentTimeInMillis)", "\(milliseconds)"])
        case .endMarker(let messageID, let fields):
            return TWSFields(["\(messageID)"] + fields)
        case .other(_, let fields):
            return fields
        }
    }
}
