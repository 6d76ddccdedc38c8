/// The trading-hours model of an instrument: which days it trades and when, in which time zone.
///
/// Each kind maps a trading day to exactly one contiguous session (``TradingSessions``); "regular trading
/// hours" (IB's `useRTH=1`) select a sub-interval of it.
public enum SessionKind: String, Sendable, Hashable, CaseIterable {
    /// US stocks and ETFs on NYSE days. RTH 09:30–16:00 New York (13:00 on early-close days); all hours
    /// 04:00–20:00 (04:00–17:00 on early-close days).
    case usEquity
    /// Cboe indices such as SPX on NYSE days: 09:30–16:15 New York (13:15 on early-close days); no extended
    /// hours, so all hours equal RTH.
    case usIndex
    /// IDEALPRO currency pairs: continuous from Sunday 17:00 to Friday 17:00 New York. Trading day D runs from
    /// 17:00 on D−1 to 17:00 on D, Monday–Friday, with no holidays. RTH equals all hours.
    case forex24x5
    /// CME Globex equity-index futures: trading day D runs from 17:00 Chicago on D−1 to 16:00 on D, leaving the
    /// daily 16:00–17:00 halt; RTH 08:30–15:15 Chicago. Closed days and shortened sessions follow
    /// ``CMECalendar``.
    case cmeEquityFutures
    /// Crypto: every day, midnight to midnight New York. RTH equals all hours.
    case crypto24x7

    /// The time zone in which this kind's hours are defined.
    public var timeZone: USTimeZone {
        self == .cmeEquityFutures ? .central : .eastern
    }

    /// Whether `useRTH` changes anything for this kind.
    public var hasExtendedHours: Bool {
        self == .usEquity || self == .cmeEquityFutures
    }
}
