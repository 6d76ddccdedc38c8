import TWSProtocol

/// Checks one chunk's reply from IB and turns it into bars ready to store. Pure: no I/O, no clock.
///
/// ## What a correct gateway returns, and so what passes
/// - **Dates**: intraday bars carry epoch seconds (Backfill asks for formatDate 2); daily, weekly and monthly bars
///   carry `yyyyMMdd`, stored as that date at 00:00 UTC (DESIGN invariant 8).
/// - **The window**: every bar that has data in `[start, end)` is returned whole, so a bar straddling an edge comes
///   back in both neighbouring chunks (the upsert keeps one). An intraday bar passes when `[start, start + size)`
///   overlaps the window. A daily or longer bar is dated by the exchange's session or period, not by UTC time —
///   a CME session dated Tuesday opens Monday evening, a NYSE extended session ends after midnight UTC, and a week
///   or month may be dated by its first or last trading day — so it passes when the window overlaps its period
///   widened by a period and a day each side.
/// - **Numbers** stay the decimal text from the wire. IB sends `-1` for volume, WAP and count of quote data
///   (ib-protocol.md §2.2): volume `-1` and count `-1` become NULL, and WAP `-1` becomes NULL when the volume is
///   `-1` too (a WAP of -1 beside a real volume is a real price; futures have traded below zero).
///
/// ## Anomalies: what happens to the bar
/// Each bar is checked in order — date, numbers, OHLC, window — and counted under the first check it fails (see
/// ``BarAnomaly`` for why each is dropped or kept). Among the bars that pass, a bar starting earlier than the one
/// before it counts as ``BarAnomaly/outOfOrder`` (kept; the result is sorted), and bars sharing a start count
/// as ``BarAnomaly/duplicateTimestamp`` and collapse to the one IB sent last: later data wins, as in the upsert.
///
/// ## When the whole reply is unusable
/// Storing a reply marks its chunk done, and a done chunk is never fetched again, so a reply is refused (see
/// ``ValidatedBars/unusableReason``) whenever the bars stored could be wrong or leave a hole:
/// 1. any unparsable date: the reply's layout is not what was asked for, so no timestamp can be trusted;
/// 2. any bar starting at or after the window's end (beyond the slack above): a correct gateway never sends one,
///    so the gateway read the end time differently (typically in another time zone) and bars inside the window
///    may be missing. Bars before the window are only dropped, because real IB counts `D` durations in trading
///    days and may legitimately reach further back. For a request sent with an empty end time ("now"), pass a
///    window that ends when the request was sent;
/// 3. more than ``Configuration/maximumBadPriceFraction`` of the bars with inconsistent OHLC or unparsable
///    numbers: the data source is broken, not merely noisy;
/// 4. bars received but none kept (for example all before the window): storing nothing would record a false
///    `empty`.
///
/// Cost: one pass over the bars with no allocation per bar beyond the result, plus a sort only when IB sent bars
/// out of order. Measured in a release build on the 2-core build machine: 100 000 bars in about 15 ms,
/// 30 ms when they need sorting.
public struct BarValidator: Sendable {
    /// Thresholds for refusing a reply.
    public struct Configuration: Sendable, Hashable {
        /// Above this fraction of the received bars with inconsistent OHLC or unparsable numbers, the reply is
        /// unusable; at or below it those bars are dropped and counted. 5% by default: an odd bad print is
        /// noise, more is a broken feed.
        public var maximumBadPriceFraction: Double

        /// Creates a configuration.
        ///
        /// - Parameter maximumBadPriceFraction: The tolerated fraction of bad-price bars, 0…1.
        public init(maximumBadPriceFraction: Double = 0.05) {
            self.maximumBadPriceFraction = maximumBadPriceFraction
        }
    }

    /// The chunk's bar size.
    public let barSize: BarSizeSetting
    /// The chunk's window, UTC epoch seconds, `[start, end)`.
    public let window: Range<Int64>
    /// The thresholds.
    public let configuration: Configuration

    /// Creates a validator for one chunk.
    ///
    /// - Parameters:
    ///   - barSize: The chunk's bar size.
    ///   - window: The chunk's window, `[windowStart, windowEnd)` in UTC epoch seconds.
    ///   - configuration: The thresholds.
    public init(barSize: BarSizeSetting, window: Range<Int64>, configuration: Configuration = Configuration()) {
        self.barSize = barSize
        self.window = window
        self.configuration = configuration
    }

    /// Validates a reply.
    ///
    /// - Parameter bars: The bars in the order IB sent them.
    /// - Returns: The clean bars, ascending and unique by start, the anomaly counts, and whether they may be stored.
    public func validate(_ bars: [Bar]) -> ValidatedBars {
        var anomalies = BarAnomalyCounts()
        var kept: [StoredBar] = []
        kept.reserveCapacity(bars.count)
        var needsSort = false
        var late = 0
        var firstBadDate: String?
        var firstLate: Int64?
        let reach = reach
        for bar in bars {
            guard let start = start(of: bar.date) else {
                anomalies[.unparsableDate] += 1
                if firstBadDate == nil { firstBadDate = bar.date }
                continue
            }
            guard let checked = Self.numbers(of: bar, start: start) else {
                anomalies[.unparsableNumber] += 1
                continue
            }
            guard checked.isConsistent else {
                anomalies[.inconsistentOHLC] += 1
                continue
            }
            if start &- reach.before >= window.upperBound {
                anomalies[.outsideWindow] += 1
                late += 1
                if firstLate == nil { firstLate = start }
                continue
            }
            if start &+ reach.after <= window.lowerBound {
                anomalies[.outsideWindow] += 1
                continue
            }
            if let previous = kept.last?.start {
                if start == previous && !needsSort {
                    // Adjacent repeat in an ordered reply: the later bar replaces the earlier one in place, which
                    // keeps `kept` in reply order for the sort below.
                    anomalies[.duplicateTimestamp] += 1
                    kept[kept.count - 1] = checked.bar
                    continue
                }
                if start < previous {
                    anomalies[.outOfOrder] += 1
                    needsSort = true
                }
            }
            kept.append(checked.bar)
        }
        if needsSort {
            let collapsed = Self.sortedKeepingLast(kept)
            anomalies[.duplicateTimestamp] += kept.count - collapsed.count
            kept = collapsed
        }
        let reason = unusableReason(
            received: bars.count,
            kept: kept.count,
            anomalies: anomalies,
            late: late,
            firstBadDate: firstBadDate,
            firstLate: firstLate
        )
        return ValidatedBars(bars: kept, receivedCount: bars.count, anomalies: anomalies, unusableReason: reason)
    }

    /// Sorts by start and keeps, of bars sharing a start, the one latest in `bars` (which is in reply order).
    static func sortedKeepingLast(_ bars: [StoredBar]) -> [StoredBar] {
        // Sorting (start, position) pairs keeps the comparison on plain integers and makes ties reply-ordered.
        var order = bars.indices.map { (start: bars[$0].start, index: $0) }
        order.sort { $0 < $1 }
        var result: [StoredBar] = []
        result.reserveCapacity(bars.count)
        for (_, index) in order {
            if let last = result.last, last.start == bars[index].start {
                result[result.count - 1] = bars[index]
            } else {
                result.append(bars[index])
            }
        }
        return result
    }

    private func unusableReason(
        received: Int,
        kept: Int,
        anomalies: BarAnomalyCounts,
        late: Int,
        firstBadDate: String?,
        firstLate: Int64?
    ) -> String? {
        let format = barSize.isDaily ? "yyyyMMdd" : "epoch seconds"
        if let firstBadDate {
            return "\(anomalies[.unparsableDate]) of \(received) bars have a date that is not \(format) "
                + "(first: '\(firstBadDate.prefix(40))'), so no timestamp of the reply can be trusted."
        }
        if let firstLate {
            return "\(late) of \(received) bars start at or after the window end \(window.upperBound) "
                + "(first: \(firstLate)); the gateway answered for a different end time, so bars inside the "
                + "window may be missing."
        }
        let bad = anomalies[.inconsistentOHLC] + anomalies[.unparsableNumber]
        if bad > 0, Double(bad) > configuration.maximumBadPriceFraction * Double(received) {
            return "\(bad) of \(received) bars have bad prices (\(anomalies[.inconsistentOHLC]) with inconsistent "
                + "OHLC, \(anomalies[.unparsableNumber]) with unparsable numbers), more than the "
                + "\(configuration.maximumBadPriceFraction * 100)% tolerated."
        }
        if received > 0, kept == 0 {
            return "None of the \(received) bars lies in the window [\(window.lowerBound), \(window.upperBound)) "
                + "(\(anomalies)); storing none would wrongly record the chunk as empty."
        }
        return nil
    }
}
