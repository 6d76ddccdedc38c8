import TWSProtocol

/// The UTC window a historical request covers, and how the simulator reads IB's request texts.
///
/// Durations are calendar spans ending at the end time: `S` seconds, `D` days of 24 h, `W` weeks, `M` months of
/// 30 days, `Y` years of 365 days. (IB counts `D` in trading sessions; the simulator keeps calendar time so the
/// window of a request never depends on the calendar of the instrument — a documented simplification.)
public struct HistoricalWindow: Sendable, Hashable {
    /// Epoch seconds, inclusive.
    public var start: Int64
    /// Epoch seconds, exclusive.
    public var end: Int64

    public enum Unit: String, Sendable {
        case seconds = "S"
        case days = "D"
        case weeks = "W"
        case months = "M"
        case years = "Y"

        var seconds: Int64 {
            switch self {
            case .seconds: 1
            case .days: 86400
            case .weeks: 7 * 86400
            case .months: 30 * 86400
            case .years: 365 * 86400
            }
        }

        /// IB's largest count per unit (ib-protocol.md §3.3).
        var maximum: Int {
            switch self {
            case .seconds: 86400
            case .days: 365
            case .weeks: 52
            case .months: 12
            case .years: 68
            }
        }
    }

    /// Parses `<n> <S|D|W|M|Y>` (a bare number is seconds, as IB's legacy form).
    static func parseDuration(_ text: String) -> (count: Int, unit: Unit)? {
        let parts = text.split(separator: " ")
        if parts.count == 1, let count = Int(parts[0]), count > 0 { return (count, .seconds) }
        guard parts.count == 2, let count = Int(parts[0]), count > 0, let unit = Unit(rawValue: String(parts[1]))
        else { return nil }
        return (count, unit)
    }
}
