/// A historical bar size, spelled exactly as IB's `barSizeSetting` (ib-protocol.md §3.4).
///
/// The raw value is the only accepted spelling: IB rejects near misses such as `"1 sec"` or `"1 mins"` with
/// error 321, so ``init(wireValue:)`` does too.
public enum BarSize: String, Sendable, Hashable, CaseIterable {
    /// One second.
    case oneSecond = "1 secs"
    /// Five seconds.
    case fiveSeconds = "5 secs"
    /// Ten seconds.
    case tenSeconds = "10 secs"
    /// Fifteen seconds.
    case fifteenSeconds = "15 secs"
    /// Thirty seconds.
    case thirtySeconds = "30 secs"
    /// One minute.
    case oneMinute = "1 min"
    /// Two minutes.
    case twoMinutes = "2 mins"
    /// Three minutes.
    case threeMinutes = "3 mins"
    /// Five minutes.
    case fiveMinutes = "5 mins"
    /// Ten minutes.
    case tenMinutes = "10 mins"
    /// Fifteen minutes.
    case fifteenMinutes = "15 mins"
    /// Twenty minutes.
    case twentyMinutes = "20 mins"
    /// Thirty minutes.
    case thirtyMinutes = "30 mins"
    /// One hour.
    case oneHour = "1 hour"
    /// Two hours.
    case twoHours = "2 hours"
    /// Three hours.
    case threeHours = "3 hours"
    /// Four hours.
    case fourHours = "4 hours"
    /// Eight hours.
    case eightHours = "8 hours"
    /// One trading day (stamped `yyyyMMdd`).
    case oneDay = "1 day"
    /// One calendar week, Monday to Sunday.
    case oneWeek = "1 week"
    /// One calendar month.
    case oneMonth = "1 month"

    /// Parses IB's exact spelling.
    ///
    /// - Parameter wireValue: For example `"5 mins"`; any other spelling (including case changes) gives `nil`.
    public init?(wireValue: String) {
        self.init(rawValue: wireValue)
    }

    /// The spelling sent on the wire.
    public var wireValue: String {
        rawValue
    }

    /// The nominal length in seconds. A month counts as 30 days; weeks and months are only nominal because
    /// those bars follow the calendar, not a fixed length.
    public var seconds: Int64 {
        switch self {
        case .oneSecond: 1
        case .fiveSeconds: 5
        case .tenSeconds: 10
        case .fifteenSeconds: 15
        case .thirtySeconds: 30
        case .oneMinute: 60
        case .twoMinutes: 120
        case .threeMinutes: 180
        case .fiveMinutes: 300
        case .tenMinutes: 600
        case .fifteenMinutes: 900
        case .twentyMinutes: 1_200
        case .thirtyMinutes: 1_800
        case .oneHour: 3_600
        case .twoHours: 7_200
        case .threeHours: 10_800
        case .fourHours: 14_400
        case .eightHours: 28_800
        case .oneDay: 86_400
        case .oneWeek: 604_800
        case .oneMonth: 2_592_000
        }
    }

    /// Whether bars are stamped with a time of day (below one day) rather than a `yyyyMMdd` date.
    public var isIntraday: Bool {
        seconds < 86_400
    }
}
