/// A message a client sends, for the requests Backfill uses and the ones common clients send at startup.
///
/// ``fields(serverVersion:)`` gives the exact fields the official client writes (ib-protocol.md §2.1, §8);
/// ``init(fields:serverVersion:)`` reads them back, which is what the gateway simulator does.
public enum TWSRequest: Sendable, Hashable {
    case startAPI(clientID: Int, optionalCapabilities: String)
    case historicalData(HistoricalDataRequest)
    case cancelHistoricalData(requestID: Int)
    case headTimestamp(requestID: Int, contract: Contract, useRTH: Bool, whatToShow: String, formatDate: Int)
    case cancelHeadTimestamp(requestID: Int)
    case contractDetails(requestID: Int, contract: Contract)
    case historicalTicks(HistoricalTicksRequest)
    case currentTime
    case currentTimeInMillis
    /// Any other message, kept as its id and fields (positions, account updates, orders, …).
    case other(messageID: Int, fields: TWSFields)

    /// Outgoing message ids.
    public enum ID {
        public static let reqOpenOrders = 5
        public static let reqAccountUpdates = 6
        public static let reqExecutions = 7
        public static let reqIds = 8
        public static let reqContractDetails = 9
        public static let reqHistoricalData = 20
        public static let cancelHistoricalData = 25
        public static let reqCurrentTime = 49
        public static let reqPositions = 61
        public static let startAPI = 71
        public static let reqAccountUpdatesMulti = 76
        public static let reqHeadTimestamp = 87
        public static let cancelHeadTimestamp = 90
        public static let reqHistoricalTicks = 96
        public static let reqCompletedOrders = 99
        public static let reqCurrentTimeInMillis = 105
    }

    /// The message's fields as written for a negotiated `serverVersion` (≥ ``TWSServerVersion/minimumSupported``).
    public func fields(serverVersion: Int) -> TWSFields {
        switch self {
        case .startAPI(let clientID, let capabilities):
            return TWSFields(["\(ID.startAPI)", "2", "\(clientID)", capabilities])
        case .historicalData(let request):
            return request.fields()
        case .cancelHistoricalData(let requestID):
            return TWSFields(["\(ID.cancelHistoricalData)", "1", "\(requestID)"])
        case .headTimestamp(let requestID, let contract, let useRTH, let whatToShow, let formatDate):
            return TWSFields(
                ["\(ID.reqHeadTimestamp)", "\(requestID)"] + contract.blockA
                    + [useRTH.wire, whatToShow, "\(formatDate)"]
            )
        case .cancelHeadTimestamp(let requestID):
            return TWSFields(["\(ID.cancelHeadTimestamp)", "\(requestID)"])
        case .contractDetails(let requestID, let contract):
            var values = ["\(ID.reqContractDetails)", "8", "\(requestID)"] + contract.blockA + ["", ""]
            if serverVersion >= TWSServerVersion.issuerID { values.append("") }
            return TWSFields(values)
        case .historicalTicks(let request):
            return request.fields()
        case .currentTime:
            return TWSFields(["\(ID.reqCurrentTime)", "1"])
        case .currentTimeInMillis:
            return TWSFields(["\(ID.reqCurrentTimeInMillis)"])
        case .other(_, let fields):
            return fields
        }
    }

    /// Reads a client's message as a gateway does.
    ///
    /// - Throws: ``TWSProtocolError`` `.malformedFields` when a known message is cut short or a number is not one.
    public init(fields: TWSFields, serverVersion: Int) throws {
        guard let id = fields.messageID else {
            throw TWSProtocolError(.malformedFields, "A client message does not start with a numeric message id.")
        }
        switch id {
        case ID.startAPI:
            var reader = TWSFieldReader(fields, messageName: "startApi", skipping: 2)
            let clientID = try reader.int()
            self = .startAPI(clientID: clientID, optionalCapabilities: reader.remaining > 0 ? try reader.string() : "")
        case ID.reqHistoricalData:
            self = .historicalData(try HistoricalDataRequest(fields: fields))
        case ID.cancelHistoricalData:
            var reader = TWSFieldReader(fields, messageName: "cancelHistoricalData", skipping: 2)
            self = .cancelHistoricalData(requestID: try reader.int())
        case ID.reqHeadTimestamp:
            var reader = TWSFieldReader(fields, messageName: "reqHeadTimeStamp")
            let requestID = try reader.int()
            let contract = try Contract(blockA: &reader)
            let useRTH = try reader.bool()
            let whatToShow = try reader.string()
            self = .headTimestamp(
                requestID: requestID,
                contract: contract,
                useRTH: useRTH,
                whatToShow: whatToShow,
                formatDate: try reader.int()
            )
        case ID.cancelHeadTimestamp:
            var reader = TWSFieldReader(fields, messageName: "cancelHeadTimeStamp")
            self = .cancelHeadTimestamp(requestID: try reader.int())
        case ID.reqContractDetails:
            var reader = TWSFieldReader(fields, messageName: "reqContractDetails", skipping: 2)
            let requestID = try reader.int()
            self = .contractDetails(requestID: requestID, contract: try Contract(blockA: &reader))
        case ID.reqHistoricalTicks:
            self = .historicalTicks(try HistoricalTicksRequest(fields: fields))
        case ID.reqCurrentTime:
            self = .currentTime
        case ID.reqCurrentTimeInMillis:
            self = .currentTimeInMillis
        default:
            self = .other(messageID: id, fields: fields)
        }
    }

    /// The request id this message carries, if it has one.
    public var requestID: Int? {
        switch self {
        case .historicalData(let request): request.requestID
        case .historicalTicks(let request): request.requestID
        case .cancelHistoricalData(let id), .cancelHeadTimestamp(let id): id
        case .headTimestamp(let id, _, _, _, _), .contractDetails(let id, _): id
        default: nil
        }
    }
}

extension Bool {
    /// `1` or `0`, as TWS booleans are written.
    var wire: String { self ? "1" : "0" }
}
