/// What ``BarValidator`` made of one chunk's reply: the clean bars, the anomalies, and whether to use them.
public struct ValidatedBars: Sendable, Hashable {
    /// The bars to store: ascending by ``StoredBar/start``, one per start, all overlapping the window.
    ///
    /// Filled even when the reply is unusable (for logs and tests); a caller must not store them then.
    public var bars: [StoredBar]
    /// How many bars the reply held.
    public var receivedCount: Int
    /// Counted anomalies, by kind.
    public var anomalies: BarAnomalyCounts
    /// Why the reply must not be stored (one sentence), or nil when it may be.
    ///
    /// An unusable reply is a failed attempt: the worker should retry the chunk and, after its attempts, dead-letter
    /// it with this sentence, rather than mark it done with bars that may be wrong or incomplete.
    public var unusableReason: String?

    /// Creates a result.
    ///
    /// - Parameters:
    ///   - bars: The clean bars, ascending and unique by start.
    ///   - receivedCount: How many bars the reply held.
    ///   - anomalies: The counts.
    ///   - unusableReason: Why the reply must not be stored, or nil.
    public init(bars: [StoredBar], receivedCount: Int, anomalies: BarAnomalyCounts, unusableReason: String?) {
        self.bars = bars
        self.receivedCount = receivedCount
        self.anomalies = anomalies
        self.unusableReason = unusableReason
    }
}
