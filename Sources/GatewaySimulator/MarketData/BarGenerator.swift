import MarketCalendar
import TWSProtocol

/// Generates deterministic, realistic historical bars for a ``SimulatedInstrument``.
///
/// **Deterministic and window-independent.** Every value is a pure function of the instrument, the series and
/// the time it describes (see ``DeterministicNoise``); nothing depends on the request window, the process or
/// the order of calls. A bar is always computed in full, even when the window covers only part of it.
///
/// **Consistent across sizes.** All bars of one minute or more aggregate the same one-minute samples (open =
/// first open, close = last close, high = max, low = min, volume and count summed, WAP volume-weighted), so a
/// 5-minute bar equals the aggregate of its five 1-minute bars, and a daily bar the aggregate of the day's
/// minutes. Sub-minute bars split each minute into seconds that aggregate back to the minute's OHLC, volume and
/// count exactly.
///
/// **Sessions.** Only seconds inside the instrument's sessions (regular hours when `useRTH`, otherwise all
/// hours; see `TradingSessions`) and inside ``SimulatedInstrument/dataRange`` carry data; weekends and holidays
/// produce no bars.
///
/// **Alignment.** Intraday bars are buckets aligned to multiples of the bar size from midnight in the
/// instrument's time zone (for sizes dividing an hour this equals UTC alignment). A bucket that is only partly
/// inside a session covers just that part, and its ``SimulatedBar/start`` is its first second with data, so a
/// 1-hour regular-hours bar over 09:00–10:00 New York starts at 09:30. Daily bars cover one trading day's
/// session (for overnight sessions, the day the session ends) and are stamped 00:00 UTC of that day; weekly
/// bars cover Monday–Sunday and monthly bars a calendar month, stamped with their first trading day.
///
/// **Window rule.** A bar is returned when any second of its data lies in `[from, to)`; bars are sorted by
/// start and never clipped. Data exists only within ``SimulatedInstrument/dataRange`` and 1900–2200.
///
/// **Cost model.** Work is proportional to the number of in-session minutes in the buckets touched: about
/// 0.15 µs per minute in a release build (a few sines, an `exp` and a dozen hash mixes), plus one calendar
/// lookup per day. Sub-minute bars add about 60 cheap steps per minute. Measured on the 2-core build machine
/// (release): a week of 1-minute ES bars (6 900 minutes) 4.5 ms; a year of daily bars 14 ms (AAPL RTH) to
/// 73 ms (BTC, 525 000 minutes); 2 000 one-second bars under 1 ms. Thread-safe: the type has no state.
public struct BarGenerator: Sendable {
    /// Creates a generator. It holds no state; one instance can serve every request.
    public init() {}

    /// The bars of one request.
    ///
    /// - Parameters:
    ///   - instrument: The instrument.
    ///   - barSize: The bar size.
    ///   - whatToShow: The series. The generator does not check ``SimulatedInstrument/supports(_:)``; the
    ///     server should.
    ///   - useRTH: `true` for regular trading hours only.
    ///   - from: The window start, UTC epoch seconds (inclusive).
    ///   - to: The window end, UTC epoch seconds (exclusive).
    /// - Returns: The bars with data in the window, ascending by start; empty when the market was closed or the
    ///   window lies outside the instrument's data range.
    public func bars(
        instrument: SimulatedInstrument,
        barSize: BarSizeSetting,
        whatToShow: SimulatedWhatToShow,
        useRTH: Bool,
        from: Int64,
        to: Int64
    ) -> [SimulatedBar] {
        // Only the instrument's data range (and nothing past 2200) can hold bars; clipping first also keeps
        // absurd client windows from overflowing or iterating millions of days.
        let data = instrument.dataRange
        let from = max(from, data.lowerBound, Self.earliestTime)
        let to = min(to, data.upperBound, Self.latestTime)
        guard from < to else {
            return []
        }
        var source = MinuteSource(instrument: instrument, whatToShow: whatToShow)
        let size = Int64(barSize.seconds)
        if size < 60 {
            return subMinuteBars(source: &source, size: size, useRTH: useRTH, window: from..<to)
        }
        if barSize == .oneDay {
            return dailyBars(source: &source, useRTH: useRTH, window: from..<to)
        }
        if barSize == .oneWeek || barSize == .oneMonth {
            return periodBars(source: &source, weekly: barSize == .oneWeek, useRTH: useRTH, window: from..<to)
        }
        return intradayBars(source: &source, size: size, useRTH: useRTH, window: from..<to)
    }

    private func intradayBars(
        source: inout MinuteSource,
        size: Int64,
        useRTH: Bool,
        window: Range<Int64>
    ) -> [SimulatedBar] {
        var offsets = ZoneOffsets(zone: source.instrument.sessionKind.timeZone)
        func bucket(_ time: Int64) -> Int64 {
            guard 3_600 % size != 0 else {
                return time - Self.floorModulo(time, size)
            }
            let offset = offsets.offset(at: time)
            let local = time + offset
            return local - Self.floorModulo(local, size) - offset
        }
        let lower = bucket(window.lowerBound)
        let upper = bucket(window.upperBound - 1) + size + 3_600
        var result: [SimulatedBar] = []
        var current: Aggregate?
        var currentBucket: Int64 = .min
        let whatToShow = source.whatToShow
        let instrument = source.instrument
        Self.forEachMinute(source: &source, useRTH: useRTH, in: lower..<upper) { minute in
            let start = minute.sample.start
            let touches = start < window.upperBound && start + 60 > window.lowerBound
            let key = bucket(start)
            if key == currentBucket, current != nil {
                current?.add(minute.sample, touchesWindow: touches)
                return
            }
            if let finished = current, finished.touchesWindow {
                result.append(finished.bar(whatToShow: whatToShow, instrument: instrument, start: finished.start))
            }
            current = Aggregate(minute.sample, touchesWindow: touches)
            currentBucket = key
        }
        if let finished = current, finished.touchesWindow {
            result.append(finished.bar(whatToShow: whatToShow, instrument: instrument, start: finished.start))
        }
        return result
    }

    private func subMinuteBars(
        source: inout MinuteSource,
        size: Int64,
        useRTH: Bool,
        window: Range<Int64>
    ) -> [SimulatedBar] {
        let lower = window.lowerBound - Self.floorModulo(window.lowerBound, 60)
        let upper = window.upperBound + (60 - Self.floorModulo(window.upperBound, 60)) % 60
        let whatToShow = source.whatToShow
        let instrument = source.instrument
        let width = Int(size)
        var result: [SimulatedBar] = []
        Self.forEachMinute(source: &source, useRTH: useRTH, in: lower..<upper) { minute in
            let seconds = Self.seconds(of: minute, whatToShow: whatToShow)
            for first in stride(from: 0, to: 60, by: width) {
                var aggregate = Aggregate(seconds[first], touchesWindow: window.contains(seconds[first].start))
                for index in (first + 1)..<(first + width) {
                    aggregate.add(seconds[index], touchesWindow: window.contains(seconds[index].start))
                }
                if aggregate.touchesWindow {
                    result.append(aggregate.bar(whatToShow: whatToShow, instrument: instrument, start: aggregate.start))
                }
            }
        }
        return result
    }

    /// Visits every minute with data in `range`, in time order.
    static func forEachMinute(
        source: inout MinuteSource,
        useRTH: Bool,
        in range: Range<Int64>,
        _ body: (Minute) -> Void
    ) {
        let instrument = source.instrument
        let data = instrument.dataRange
        let lowest = max(range.lowerBound, data.lowerBound)
        let lower = lowest + (60 - floorModulo(lowest, 60)) % 60
        let highest = min(range.upperBound, data.upperBound)
        let upper = highest - floorModulo(highest, 60)
        guard lower < upper else {
            return
        }
        let kind = instrument.sessionKind
        for session in TradingSessions.sessions(kind: kind, from: lower, to: upper, regularHoursOnly: useRTH) {
            let regular = regularHours(of: session, kind: kind, useRTH: useRTH)
            var time = max(session.interval.lowerBound, lower)
            time += (60 - floorModulo(time, 60)) % 60
            let end = min(session.interval.upperBound, upper)
            while time < end {
                body(source.minute(at: time, regularHours: regular))
                time += 60
            }
        }
    }

    static func regularHours(of session: TradingSession, kind: SessionKind, useRTH: Bool) -> Range<Int64> {
        guard !useRTH, kind.hasExtendedHours else {
            return session.interval
        }
        let regular = TradingSessions.session(kind: kind, tradingDay: session.tradingDay, regularHoursOnly: true)
        return regular?.interval ?? session.interval
    }

    /// 1900-01-01T00:00:00Z: no simulated data exists before it.
    static let earliestTime: Int64 = -2_208_988_800
    /// 2200-01-01T00:00:00Z: no simulated data exists after it.
    static let latestTime: Int64 = 7_258_118_400

    static func floorModulo(_ value: Int64, _ divisor: Int64) -> Int64 {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
