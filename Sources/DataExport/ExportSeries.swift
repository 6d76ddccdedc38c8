import ChunkPlanning

/// What one export file holds: one instrument's bars of one size and what-to-show, or its ticks of one type.
public enum ExportSeries: Sendable, Hashable, CustomStringConvertible {
    /// Bars, with IB's bar size text (`1 min`) and what-to-show (`TRADES`).
    case bars(barSize: String, whatToShow: String)
    /// Historical ticks of one type.
    case ticks(TickType)

    /// `1min_TRADES` or `ticks_BID_ASK`, for file names.
    public var fileStem: String {
        switch self {
        case .bars(let barSize, let whatToShow): "\(barSize.filter { $0 != " " })_\(whatToShow)"
        case .ticks(let type): "ticks_\(type.rawValue)"
        }
    }

    public var description: String {
        switch self {
        case .bars(let barSize, let whatToShow): "\(barSize) \(whatToShow) bars"
        case .ticks(let type): "\(type) ticks"
        }
    }
}

/// How rows are written.
public enum ExportFormat: String, Sendable, Hashable, CaseIterable {
    /// Comma-separated, one header line, RFC 4180 quoting (PostgreSQL's CSV).
    case csv
    /// One JSON object per line.
    case jsonl
}

/// How times are written; both are UTC.
public enum ExportTimeFormat: String, Sendable, Hashable, CaseIterable {
    /// `2024-03-12T13:30:00Z`.
    case iso
    /// Seconds since 1970-01-01 00:00:00 UTC.
    case epoch
}
