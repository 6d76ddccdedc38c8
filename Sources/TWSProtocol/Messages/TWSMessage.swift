/// A message a gateway sends, decoded for the negotiated server version.
///
/// ``init(fields:serverVersion:)`` is the client's decoder; ``fields(serverVersion:)`` writes the same message as
/// a gateway would (used by the simulator), so every layout is tested both ways.
public enum TWSMessage: Sendable, Hashable {
    case error(IBError)
    /// Bars of a historical request. Before version 196 the message itself carries start and end and is the
    /// last one for its request (``historicalDataEnd`` does not exist there).
    case historicalData(requestID: Int, bars: [Bar], startAndEnd: (String, String)?)
    case historicalDataEnd(requestID: Int, start: String, end: String)
    case headTimestamp(requestID: Int, timestamp: String)
    case contractDetails(requestID: Int, details: ContractDetails)
    case contractDetailsEnd(requestID: Int)
    case historicalTicks(requestID: Int, kind: HistoricalTick.Kind, ticks: [HistoricalTick], done: Bool)
    case nextValidID(Int)
    case managedAccounts([String])
    case currentTime(Int64)
    case currentTimeInMillis(Int64)
    /// End markers of the startup requests some clients send (positions, account, executions, orders).
    case endMarker(messageID: Int, fields: [String])
    case other(messageID: Int, fields: TWSFields)

    /// Incoming message ids.
    public enum ID {
        public static let error = 4
        public static let nextValidID = 9
        public static let contractDetails = 10
        public static let managedAccounts = 15
        public static let historicalData = 17
        public static let currentTime = 49
        public static let contractDetailsEnd = 52
        public static let openOrderEnd = 53
        public static let accountDownloadEnd = 54
        public static let execDetailsEnd = 55
        public static let positionEnd = 62
        public static let accountUpdateMultiEnd = 74
        public static let headTimestamp = 88
        public static let completedOrdersEnd = 102
        public static let historicalDataEnd = 108
        public static let currentTimeInMillis = 109
    }

    public static func == (lhs: TWSMessage, rhs: TWSMessage) -> Bool {
        lhs.fields(serverVersion: TWSServerVersion.maximum) == rhs.fields(serverVersion: TWSServerVersion.maximum)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fields(serverVersion: TWSServerVersion.maximum))
    }
}
