/// How many bars of one reply had each ``BarAnomaly``.
///
/// A bar is counted once, under the first check it fails, in the order the validator checks: date, numbers,
/// OHLC, window, then order and duplicates among the bars that passed.
public struct BarAnomalyCounts: Sendable, Hashable, CustomStringConvertible {
    private var counts: [Int]

    /// No anomalies.
    public init() {
        counts = Array(repeating: 0, count: BarAnomaly.allCases.count)
    }

    /// The count of one kind.
    public subscript(kind: BarAnomaly) -> Int {
        get { counts[Self.index(of: kind)] }
        set { counts[Self.index(of: kind)] = newValue }
    }

    /// All anomalies together: what the chunk row records as `anomaly_count`.
    public var total: Int {
        counts.reduce(0, +)
    }

    /// True when no bar had any anomaly.
    public var isEmpty: Bool {
        total == 0
    }

    /// The non-zero counts, e.g. `outsideWindow=2 duplicateTimestamp=1`, or `none`.
    public var description: String {
        let parts = BarAnomaly.allCases.compactMap { kind in self[kind] > 0 ? "\(kind)=\(self[kind])" : nil }
        return parts.isEmpty ? "none" : parts.joined(separator: " ")
    }

    private static func index(of kind: BarAnomaly) -> Int {
        switch kind {
        case .inconsistentOHLC: 0
        case .outsideWindow: 1
        case .outOfOrder: 2
        case .duplicateTimestamp: 3
        case .unparsableNumber: 4
        case .unparsableDate: 5
        }
    }
}
