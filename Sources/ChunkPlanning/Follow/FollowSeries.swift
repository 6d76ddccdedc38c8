import TWSProtocol

/// What a subscription keeps current: bars of one size and what-to-show, or historical ticks of one type.
public enum FollowSeries: Sendable, Hashable, CustomStringConvertible {
    case bars(BarSizeSetting, whatToShow: String)
    case ticks(TickType)

    /// The `chunks.bar_size` text of the series (IB's bar size, or `ticks`).
    public var barSizeText: String {
        switch self {
        case .bars(let size, _): size.ibName
        case .ticks: "ticks"
        }
    }

    /// The `chunks.what_to_show` text (IB's what-to-show, or the tick type).
    public var whatToShowText: String {
        switch self {
        case .bars(_, let whatToShow): whatToShow
        case .ticks(let type): type.rawValue
        }
    }

    /// Reads the series back from its two stored texts.
    ///
    /// - Returns: `nil` when the texts are not a bar size and what-to-show, nor `ticks` and a tick type.
    public init?(barSize: String, whatToShow: String) {
        if barSize == "ticks" {
            guard let type = TickType(rawValue: whatToShow) else { return nil }
            self = .ticks(type)
        } else {
            guard let size = try? BarSizeSetting(parsing: barSize) else { return nil }
            self = .bars(size, whatToShow: whatToShow)
        }
    }

    /// `1 min TRADES` or `TRADES ticks`.
    public var description: String {
        switch self {
        case .bars(let size, let whatToShow): "\(size.ibName) \(whatToShow)"
        case .ticks(let type): "\(type.rawValue) ticks"
        }
    }
}
