import MarketCalendar
import TWSProtocol

/// Tells a reply a gateway cut short from one that is merely sparse.
///
/// A gateway that finds a request too large may answer with only its latest part, as if the duration had been
/// shorter. Such a reply is *dense* where it has bars and *missing the front* of the window: more than a tenth of
/// the window's trading time (by the instrument's calendar; every second without one), and at least two bars'
/// worth, lies before its first bar, and from there on it has at least 90 % of the bars that trading time holds. A
/// thinly traded instrument, whose bars are missing here and there rather than all at the front, is not taken for
/// truncated, nor is a short late opening. A smaller cut goes unnoticed here; `backfill gaps` reports it as bars
/// missing inside a fetched session.
public enum TruncatedReply {
    /// Whether a reply to a chunk looks cut short.
    ///
    /// - Parameters:
    ///   - contract: The chunk's instrument.
    ///   - barSize: The chunk's bar size.
    ///   - useRTH: Regular trading hours only.
    ///   - window: The chunk's window.
    ///   - barStarts: The start of every bar of the reply (UTC epoch seconds), in any order.
    public static func detect(
        contract: Contract,
        barSize: BarSizeSetting,
        useRTH: Bool,
        window: Range<Int64>,
        barStarts: [Int64]
    ) -> Bool {
        guard let first = barStarts.min(), first > window.lowerBound, first < window.upperBound else { return false }
        let open: [Range<Int64>] =
            if let kind = SessionKind(contract: contract) {
                TradingSessions.intervals(
                    kind: kind,
                    from: window.lowerBound,
                    to: window.upperBound,
                    regularHoursOnly: useRTH
                )
            } else {
                [window]
            }
        var before: Int64 = 0
        var after: Int64 = 0
        for interval in open {
            before += max(0, min(interval.upperBound, first) - interval.lowerBound)
            after += max(0, interval.upperBound - max(interval.lowerBound, first))
        }
        guard before * 10 > before + after, before >= 2 * Int64(barSize.seconds) else { return false }
        let expectedAfter = after / Int64(barSize.seconds)
        let present = barStarts.lazy.filter { $0 >= first && $0 < window.upperBound }.count
        return expectedAfter > 0 && Int64(present) * 10 >= expectedAfter * 9
    }
}
