import TWSProtocol

/// The time already downloaded per series, so an incremental backfill plans only what is missing.
///
/// A series is (instrument identity, bar size, what-to-show, useRTH). The caller fills this from finished chunks
/// (``insert(_:)``) or from known ranges; the planner subtracts the series' ranges from each contract's range.
/// Ranges are kept sorted, disjoint and merged.
public struct CoveredRanges: Sendable, Hashable {
    private var ranges: [String: [Range<Int64>]] = [:]

    /// Creates an empty set.
    public init() {}

    /// Marks a finished chunk's window as covered.
    ///
    /// - Parameter chunk: A chunk whose bars are stored.
    public mutating func insert(_ chunk: PlannedChunk) {
        insert(
            chunk.window,
            contract: chunk.contract,
            barSize: chunk.barSize,
            whatToShow: chunk.whatToShow,
            useRTH: chunk.useRTH
        )
    }

    /// Marks a span of one series as covered.
    ///
    /// - Parameters:
    ///   - range: UTC epoch seconds; empty ranges are ignored.
    ///   - contract: The instrument.
    ///   - barSize: The bar size.
    ///   - whatToShow: IB's what-to-show (case does not matter).
    ///   - useRTH: Regular trading hours only.
    public mutating func insert(
        _ range: Range<Int64>,
        contract: Contract,
        barSize: BarSizeSetting,
        whatToShow: String,
        useRTH: Bool
    ) {
        guard !range.isEmpty else {
            return
        }
        let key = Self.key(contract: contract, barSize: barSize, whatToShow: whatToShow, useRTH: useRTH)
        TimeRanges.insert(range, into: &ranges[key, default: []])
    }

    /// Marks many finished chunks as covered, e.g. every done chunk of a backfill read back from PostgreSQL.
    ///
    /// - Parameter chunks: Chunks whose bars are stored, in any order.
    public mutating func insert(contentsOf chunks: some Sequence<PlannedChunk>) {
        for chunk in chunks {
            insert(chunk)
        }
    }

    /// The covered spans of one series: sorted, disjoint, not touching.
    ///
    /// - Parameters:
    ///   - contract: The instrument.
    ///   - barSize: The bar size.
    ///   - whatToShow: IB's what-to-show (case does not matter).
    ///   - useRTH: Regular trading hours only.
    /// - Returns: The spans, or an empty array.
    public func ranges(contract: Contract, barSize: BarSizeSetting, whatToShow: String, useRTH: Bool) -> [Range<Int64>]
    {
        ranges[Self.key(contract: contract, barSize: barSize, whatToShow: whatToShow, useRTH: useRTH)] ?? []
    }

    /// Whether nothing is covered.
    public var isEmpty: Bool {
        ranges.isEmpty
    }

    private static func key(contract: Contract, barSize: BarSizeSetting, whatToShow: String, useRTH: Bool) -> String {
        "\(contract.planningIdentity)|\(barSize.ibName)|\(Planner.normalized(whatToShow))|\(useRTH ? 1 : 0)"
    }
}
