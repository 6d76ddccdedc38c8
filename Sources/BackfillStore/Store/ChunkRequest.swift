import ChunkPlanning

/// What a chunk asks IB for: a bar request, or one page of a tick chain.
public enum ChunkRequest: Sendable, Hashable {
    /// `reqHistoricalData` for bars.
    case bars(ChunkRow)
    /// `reqHistoricalTicks` for one page.
    case ticks(TickPage)

    /// The chunk's id.
    public var id: String {
        switch self {
        case .bars(let row): row.id
        case .ticks(let page): page.id.rawValue
        }
    }
}
