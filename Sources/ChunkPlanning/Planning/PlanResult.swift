/// The chunks for a ``PlanRequest``, what the rules saved, and how long the download should take.
public struct PlanResult: Sendable, Hashable {
    /// The chunks, grouped by contract in request order, each contract's chunks in ascending time.
    public var chunks: [PlannedChunk]
    /// Requests saved by each rule.
    public var savings: PlanSavings
    /// Duration and size at the planner's configured pace.
    public var estimate: PlanEstimate

    /// Creates a result.
    ///
    /// - Parameters:
    ///   - chunks: The chunks.
    ///   - savings: Requests saved.
    ///   - estimate: The estimate.
    public init(chunks: [PlannedChunk], savings: PlanSavings, estimate: PlanEstimate) {
        self.chunks = chunks
        self.savings = savings
        self.estimate = estimate
    }
}
