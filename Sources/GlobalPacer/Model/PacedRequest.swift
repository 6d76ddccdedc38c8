/// One request a worker is about to send to IB, as the pacer needs to see it.
///
/// The pacer never sees bars or dates: only what IB's pacing rules look at. ``contractKey``, ``exchange`` and
/// ``whatToShow`` make up the same-contract rule's key; ``identity`` decides what counts as an identical request.
public struct PacedRequest: Sendable, Hashable {
    /// What kind of request this is; decides which rules apply (see ``PacerConfiguration/rules(for:)``).
    public enum Kind: Sendable, Hashable {
        /// `reqHistoricalData` with bars of this many seconds (`1 min` is 60, `1 day` is 86400).
        case historicalData(barSizeSeconds: Int)
        /// `reqHeadTimestamp`: judged by the small-bar rules whatever the bar size, and open until cancelled.
        case headTimestamp
        /// `reqHistoricalTicks`: judged by the small-bar rules (ticks are finer than any bar; IB's tick page lists
        /// the same limits), and `BID_ASK` pages weigh 2 like `BID_ASK` bars.
        case historicalTicks
    }

    public var kind: Kind
    /// Identifies the contract, e.g. its conId or `AAPL:STK:USD`.
    ///
    /// May contain any character; ``exchange`` and ``whatToShow`` must not contain `|`, which separates the
    /// three parts in the Redis key.
    public var contractKey: String
    /// The exchange the request names, e.g. `SMART`.
    public var exchange: String
    /// IB's whatToShow, e.g. `TRADES` or `BID_ASK` (which weighs 2).
    public var whatToShow: String
    /// Equal for requests IB would call identical: same contract, end date, duration, bar size, whatToShow and
    /// useRTH. The caller builds it; the pacer only compares it.
    public var identity: String

    public init(kind: Kind, contractKey: String, exchange: String, whatToShow: String, identity: String) {
        self.kind = kind
        self.contractKey = contractKey
        self.exchange = exchange
        self.whatToShow = whatToShow
        self.identity = identity
    }
}
