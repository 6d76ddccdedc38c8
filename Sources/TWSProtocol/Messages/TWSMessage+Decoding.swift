extension TWSMessage {
    /// Decodes a gateway's message for the negotiated `serverVersion`.
    ///
    /// Unknown message ids become ``other(messageID:fields:)``; a known message that is cut short, or carries text
    /// where a number belongs, throws instead of trapping.
    ///
    /// - Throws: ``TWSProtocolError`` `.malformedFields`.
    public init(fields: TWSFields, serverVersion: Int) throws {
        guard let id = fields.messageID else {
            throw TWSProtocolError(.malformedFields, "A gateway message does not start with a numeric message id.")
        }
        switch id {
        case ID.error:
            var reader = TWSFieldReader(
                fields,
                messageName: "errMsg",
                skipping: serverVersion >= TWSServerVersion.errorTime ? 1 : 2
            )
            let requestID = try reader.int()
            let code = try reader.int()
            let message = try reader.string()
            let json = reader.remaining > 0 ? try reader.string() : ""
            let time = serverVersion >= TWSServerVersion.errorTime && reader.remaining > 0 ? try reader.int64() : nil
            self = .error(
                IBError(
                    requestID: requestID,
                    code: code,
                    message: message,
                    advancedOrderRejectJSON: json,
                    errorTime: time
                )
            )
        case ID.historicalData:
            var reader = TWSFieldReader(fields, messageName: "historicalData")
            let requestID = try reader.int()
            var startAndEnd: (String, String)?
            if serverVersion < TWSServerVersion.historicalDataEnd {
                startAndEnd = (try reader.string(), try reader.string())
            }
            let count = try reader.count(fieldsPerItem: 8)
            var bars: [Bar] = []
            bars.reserveCapacity(count)
            for _ in 0..<count {
                bars.append(
                    Bar(
                        date: try reader.string(),
                        open: try reader.string(),
                        high: try reader.string(),
                        low: try reader.string(),
                        close: try reader.string(),
                        volume: try reader.string(),
                        wap: try reader.string(),
                        count: try reader.int()
                    )
                )
            }
            self = .historicalData(requestID: requestID, bars: bars, startAndEnd: startAndEnd)
        case ID.historicalDataEnd:
            var reader = TWSFieldReader(fields, messageName: "historicalDataEnd")
            self = .historicalDataEnd(requestID: try reader.int(), start: try reader.string(), end: try reader.string())
        case ID.headTimestamp:
            var reader = TWSFieldReader(fields, messageName: "headTimestamp")
            self = .headTimestamp(requestID: try reader.int(), timestamp: try reader.string())
        case ID.contractDetails:
            var reader = TWSFieldReader(fields, messageName: "contractDetails")
            let requestID = try reader.int()
            self = .contractDetails(
                requestID: requestID,
                details: try ContractDetails(reader: &reader, serverVersion: serverVersion)
            )
        case ID.contractDetailsEnd:
            var reader = TWSFieldReader(fields, messageName: "contractDetailsEnd", skipping: 2)
            self = .contractDetailsEnd(requestID: try reader.int())
        case HistoricalTick.Kind.midpoint.rawValue, HistoricalTick.Kind.bidAsk.rawValue,
            HistoricalTick.Kind.trade.rawValue:
            let kind = HistoricalTick.Kind(rawValue: id)!
            var reader = TWSFieldReader(fields, messageName: "historicalTicks")
            let requestID = try reader.int()
            let count = try reader.count(fieldsPerItem: HistoricalTick.fieldCount(kind))
            var ticks: [HistoricalTick] = []
            for _ in 0..<count { ticks.append(try HistoricalTick(kind, reader: &reader)) }
            self = .historicalTicks(requestID: requestID, kind: kind, ticks: ticks, done: try reader.bool())
        case ID.nextValidID:
            var reader = TWSFieldReader(fields, messageName: "nextValidId", skipping: 2)
            self = .nextValidID(try reader.int())
        case ID.managedAccounts:
            var reader = TWSFieldReader(fields, messageName: "managedAccounts", skipping: 2)
            // Tolerate a trailing comma, as ib_async does.
            self = .managedAccounts(try reader.string().split(separator: ",").map(String.init).filter { !$0.isEmpty })
        case ID.currentTime:
            var reader = TWSFieldReader(fields, messageName: "currentTime", skipping: 2)
            self = .currentTime(try reader.int64())
        case ID.currentTimeInMillis:
            var reader = TWSFieldReader(fields, messageName: "currentTimeInMillis")
            self = .currentTimeInMillis(try reader.int64())
        case ID.openOrderEnd, ID.accountDownloadEnd, ID.execDetailsEnd, ID.positionEnd, ID.accountUpdateMultiEnd,
            ID.completedOrdersEnd:
            self = .endMarker(messageID: id, fields: Array(fields.values.dropFirst()))
        default:
            self = .other(messageID: id, fields: fields)
        }
    }

    /// The request this message answers, if any.
    public var requestID: Int? {
        switch self {
        case .error(let error): error.requestID
        case .historicalData(let id, _, _), .historicalDataEnd(let id, _, _), .headTimestamp(let id, _),
            .contractDetails(let id, _), .contractDetailsEnd(let id), .historicalTicks(let id, _, _, _):
            id
        default: nil
        }
    }
}
