import TWSProtocol

/// The request sizes the fleet learned from gateways, per ``RequestSizeKey`` (kept in PostgreSQL's
/// `request_sizes`); the planner and the worker cap windows with them.
///
/// Empty by default: the ``ChunkSizeTable`` stands until a gateway refuses, times out on or truncates a request.
public struct RequestSizeLimits: Sendable, Hashable {
    /// The records, by key.
    public private(set) var records: [RequestSizeKey: RequestSizeRecord]

    /// Creates limits from records.
    ///
    /// - Parameter records: What was learned, by key.
    public init(_ records: [RequestSizeKey: RequestSizeRecord] = [:]) {
        self.records = records
    }

    /// The largest window for `key`, in seconds, or `nil` when nothing limits it.
    public func cap(for key: RequestSizeKey) -> Int64? {
        records[key]?.cap
    }

    /// `rule`, or the largest duration IB accepts for the key's bar size that fits within the learned cap when that
    /// is smaller.
    ///
    /// - Parameters:
    ///   - rule: The size table's duration.
    ///   - key: The bar size and instrument kind.
    /// - Returns: A duration no longer than `rule`.
    public func duration(capping rule: IBDuration, for key: RequestSizeKey) -> IBDuration {
        guard let cap = cap(for: key), cap < rule.seconds else { return rule }
        return IBDuration.largest(within: cap, for: key.barSize)
    }
}
