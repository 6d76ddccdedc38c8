/// How long a plan takes to download at a given request pace, and how much it fetches.
///
/// IB's binding limit is the number of historical requests in any 10 minutes (60 for bars of 30 seconds or
/// less; the same is a safe default for larger bars, whose limits IB calls "soft"). `BID_ASK` requests count
/// twice (ib-protocol.md §4.1). Reply time is ignored: with several workers the pace, not latency, dominates.
public struct PlanEstimate: Sendable, Hashable {
    /// The number of requests (chunks).
    public var requests: Int
    /// Requests as IB's pacing counts them: `BID_ASK` twice.
    public var pacingCost: Int
    /// The expected number of bars in total.
    public var expectedBars: Int
    /// The pace assumed, in requests per minute.
    public var requestsPerMinute: Double
    /// The estimated wall-clock time, in whole seconds (rounded up).
    public var seconds: Int64

    /// Estimates the download time of some chunks.
    ///
    /// - Parameters:
    ///   - chunks: The chunks.
    ///   - requestsPerMinute: The sustained request rate; IB's rule of 60 per 10 minutes is 6. Values below
    ///     0.001 are taken as 0.001.
    public init(chunks: [PlannedChunk], requestsPerMinute: Double = 6) {
        let pace = max(requestsPerMinute.isFinite ? requestsPerMinute : 6, 0.001)
        self.requests = chunks.count
        self.pacingCost = chunks.reduce(0) { $0 + ($1.whatToShow == "BID_ASK" ? 2 : 1) }
        self.expectedBars = chunks.reduce(0) { $0 + $1.expectedBars }
        self.requestsPerMinute = pace
        self.seconds = Int64((Double(pacingCost) * 60 / pace).rounded(.up))
    }
}
