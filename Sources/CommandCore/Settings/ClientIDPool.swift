/// The TWS client ids workers may lease, from `IBKR_CLIENT_ID_POOL` (`1-32`, or `1-10,20,30-32`).
public struct ClientIDPool: Sendable, Hashable, CustomStringConvertible {
    /// The ids, ascending, without duplicates.
    public let ids: [Int]

    /// IB accepts up to 32 simultaneous API clients per gateway, so a larger pool cannot all be used at once,
    /// but it is allowed (ids are just numbers); ids must fit TWS's 32-bit field and 0 is kept for the TWS
    /// master client by convention, so it is allowed too.
    public static let validRange = 0...Int(Int32.max)

    /// Parses a pool description.
    ///
    /// - Throws: ``ConfigurationError`` for anything but comma-separated ids and `low-high` ranges.
    public init(parsing text: String) throws(ConfigurationError) {
        var ids = Set<Int>()
        for part in text.split(separator: ",") {
            let piece = part.trimmingWhitespace()
            let bounds = piece.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0].trimmingWhitespace()),
                let high = Int(bounds[bounds.count - 1].trimmingWhitespace())
            else {
                throw ConfigurationError(
                    setting: "IBKR_CLIENT_ID_POOL",
                    "IBKR_CLIENT_ID_POOL '\(text)' is not a list of ids and ranges such as 1-32 or 1-10,20."
                )
            }
            guard low <= high, Self.validRange.contains(low), Self.validRange.contains(high) else {
                throw ConfigurationError(
                    setting: "IBKR_CLIENT_ID_POOL",
                    "IBKR_CLIENT_ID_POOL range '\(piece)' must be low-high with ids from 0 to \(Int32.max)."
                )
            }
            guard high - low < 100_000 else {
                throw ConfigurationError(
                    setting: "IBKR_CLIENT_ID_POOL",
                    "IBKR_CLIENT_ID_POOL range '\(piece)' is larger than 100000 ids."
                )
            }
            ids.formUnion(low...high)
        }
        guard !ids.isEmpty else {
            throw ConfigurationError(setting: "IBKR_CLIENT_ID_POOL", "IBKR_CLIENT_ID_POOL names no client id.")
        }
        self.ids = ids.sorted()
    }

    /// Ranges in their shortest form, e.g. `1-10,20`.
    public var description: String {
        var parts: [String] = []
        var index = 0
        while index < ids.count {
            var end = index
            while end + 1 < ids.count && ids[end + 1] == ids[end] + 1 { end += 1 }
            parts.append(end == index ? "\(ids[index])" : "\(ids[index])-\(ids[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}
