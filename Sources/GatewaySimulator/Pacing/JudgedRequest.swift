/// What the ``PacingEngine`` needs to know about one historical request, as the gateway received it.
///
/// The fleet's pacer has its own view of a request (GlobalPacer's `PacedRequest`, built before sending); this is
/// the gateway's, built from the decoded bytes. They are kept apart on purpose: the simulator is the independent
/// judge of what the fleet sent, so it derives its keys itself rather than trusting the client's.
///
/// The server builds it from a decoded message, usually through the factories in `JudgedRequest+Factories.swift`,
/// which also build the keys. The keys are plain strings so the engine never has to understand contracts:
///
/// - ``contractKey`` names the instrument (the conId when the client sent one, else the describing fields);
/// - ``perContractKey`` adds exchange and whatToShow, the scope of IB's same-contract rule;
/// - ``identicalKey`` covers every parameter of the request, the scope of IB's identical-request rule. IB does
///   not define "identical"; we take all parameters equal (ib-protocol.md §10). Client and request ids are not
///   part of it, because IB counts per gateway session.
public struct JudgedRequest: Sendable, Hashable {
    /// The kinds of request the pacing rules cover.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// reqHistoricalData (OUT 20).
        case historicalData
        /// reqHeadTimeStamp (OUT 87): judged by the hard rules whatever the bar size, and open until cancelled.
        case headTimestamp
        /// reqHistoricalTicks (OUT 96).
        case historicalTicks
    }

    /// Which client and request id.
    public var identity: RequestIdentity

    /// Which message.
    public var kind: Kind

    /// The instrument, see ``JudgedRequest/contractKey(conId:symbol:secType:exchange:currency:localSymbol:expiry:)``.
    public var contractKey: String

    /// The exchange the data is requested from (`SMART`, `ISLAND`, …).
    public var exchange: String

    /// The data type (`TRADES`, `BID_ASK`, …); `BID_ASK` weighs twice.
    public var whatToShow: String

    /// The bar size in seconds, or `nil` for head-timestamp and tick requests (or an unparsable bar size).
    public var barSizeSeconds: Int?

    /// Every parameter of the request, see the type documentation.
    public var identicalKey: String

    /// A request from its parts; prefer the factories, which build consistent keys.
    public init(
        identity: RequestIdentity,
        kind: Kind,
        contractKey: String,
        exchange: String,
        whatToShow: String,
        barSizeSeconds: Int?,
        identicalKey: String
    ) {
        self.identity = identity
        self.kind = kind
        self.contractKey = contractKey
        self.exchange = exchange
        self.whatToShow = whatToShow
        self.barSizeSeconds = barSizeSeconds
        self.identicalKey = identicalKey
    }

    /// The client that sent the request.
    public var clientId: Int {
        identity.clientId
    }

    /// The client's id for the request.
    public var reqId: Int {
        identity.reqId
    }

    /// Contract, exchange and whatToShow: the scope of IB's "six or more requests within 2 seconds" rule.
    public var perContractKey: String {
        Self.joinedKey([contractKey, exchange, whatToShow])
    }

    /// Joins parts into one key that cannot be confused with another list of parts.
    ///
    /// Each part is prefixed with its UTF-8 length, so `["a|b", "c"]` and `["a", "b|c"]` give different keys
    /// whatever characters clients put in their fields.
    public static func joinedKey(_ parts: [String]) -> String {
        parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
    }
}
