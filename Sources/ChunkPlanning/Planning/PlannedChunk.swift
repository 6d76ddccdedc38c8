import MarketCalendar
import TWSProtocol

/// One IB historical-data request's worth of work (DESIGN invariant 2).
///
/// A chunk asks for the bars of ``contract`` in `[windowStart, windowEnd)`, sent as ``endDateTime`` and
/// ``duration``. The window is computed as the simulator does (``IBDuration/seconds``); real IB's window for the
/// same text is the same or wider (see ``IBDuration``), never narrower. A bar that straddles a window edge is
/// returned whole by both neighbouring chunks, and the upsert by natural key keeps one copy.
public struct PlannedChunk: Sendable, Hashable, CustomStringConvertible {
    /// Derived from every other request field, so planning twice yields the same id.
    public let id: ChunkID
    /// The instrument, as given in the ``PlanRequest``.
    public let contract: Contract
    /// The bar size.
    public let barSize: BarSizeSetting
    /// IB's what-to-show, upper-case (`TRADES`, `MIDPOINT`, …).
    public let whatToShow: String
    /// Whether only regular trading hours are asked for (IB `useRTH=1`).
    public let useRTH: Bool
    /// The end time exactly as sent: `yyyyMMdd-HH:mm:ss` in UTC (DESIGN invariant 8), or empty for "now", which
    /// IB requires for continuous futures and `ADJUSTED_LAST`.
    public let endDateTime: String
    /// The duration sent with the request; ``IBDuration/text`` is the wire form (`"1 W"`).
    public let duration: IBDuration
    /// The first second the request covers (UTC epoch seconds): ``windowEnd`` minus the duration.
    public let windowStart: Int64
    /// The end of the covered span (exclusive); for an empty ``endDateTime``, the `now` of planning.
    public let windowEnd: Int64
    /// About how many bars IB will return, for progress and ETA; not a limit.
    public let expectedBars: Int

    /// Creates a chunk and derives its ``id``.
    ///
    /// The planner is the usual source of chunks; this initializer also rebuilds one from stored fields.
    ///
    /// - Parameters:
    ///   - contract: The instrument.
    ///   - barSize: The bar size.
    ///   - whatToShow: IB's what-to-show, upper-case.
    ///   - useRTH: Regular trading hours only.
    ///   - endDateTime: The end time text, or empty for "now".
    ///   - duration: The duration.
    ///   - windowEnd: The end of the covered span, UTC epoch seconds.
    ///   - expectedBars: The estimated bar count.
    public init(
        contract: Contract,
        barSize: BarSizeSetting,
        whatToShow: String,
        useRTH: Bool,
        endDateTime: String,
        duration: IBDuration,
        windowEnd: Int64,
        expectedBars: Int
    ) {
        self.id = ChunkID(
            contract: contract,
            barSize: barSize,
            whatToShow: whatToShow,
            useRTH: useRTH,
            endDateTime: endDateTime,
            duration: duration
        )
        self.contract = contract
        self.barSize = barSize
        self.whatToShow = whatToShow
        self.useRTH = useRTH
        self.endDateTime = endDateTime
        self.duration = duration
        self.windowStart = windowEnd - duration.seconds
        self.windowEnd = windowEnd
        self.expectedBars = expectedBars
    }

    /// The covered span, `[windowStart, windowEnd)`.
    public var window: Range<Int64> {
        windowStart..<windowEnd
    }

    /// `AAPL@SMART STK USD 1 min TRADES RTH end=20240105-21:00:00 1 W`, for logs and test failures.
    public var description: String {
        let end = endDateTime.isEmpty ? "now" : endDateTime
        return "\(contract) \(barSize) \(whatToShow)\(useRTH ? " RTH" : "") end=\(end) \(duration)"
    }

    /// Formats a UTC instant as IB's UTC end-time form, `yyyyMMdd-HH:mm:ss`.
    ///
    /// - Parameter epochSeconds: Seconds since 1970-01-01 00:00:00 UTC.
    /// - Returns: For example `20240105-21:00:00`.
    public static func endDateTimeText(_ epochSeconds: Int64) -> String {
        let day = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secondOfDay = Int(epochSeconds - day * 86_400)
        let time = [secondOfDay / 3_600, secondOfDay / 60 % 60, secondOfDay % 60]
            .map { $0 < 10 ? "0\($0)" : "\($0)" }
            .joined(separator: ":")
        return CivilDate(daysSinceEpoch: Int(day)).yyyyMMdd + "-" + time
    }
}
