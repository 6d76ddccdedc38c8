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
    /// The contract, bar size, what-to-show and useRTH, shared with the plan's other chunks of the contract.
    let series: PlannedSeries
    /// The end time text when it is not the UTC text of ``windowEnd``: empty for "now", or whatever text a chunk
    /// rebuilt from stored fields carries. `nil` for every dated chunk the planner makes, so a plan holds no end
    /// time string per chunk.
    private let endDateTimeOverride: String?
    /// The duration sent with the request; ``IBDuration/text`` is the wire form (`"1 W"`).
    public let duration: IBDuration
    /// The first second the request covers (UTC epoch seconds): ``windowEnd`` minus the duration.
    public let windowStart: Int64
    /// The end of the covered span (exclusive); for an empty ``endDateTime``, the `now` of planning.
    public let windowEnd: Int64
    /// About how many bars IB will return, for progress and ETA; not a limit.
    public let expectedBars: Int

    /// The instrument, as given in the ``PlanRequest``.
    public var contract: Contract { series.contract }
    /// The bar size.
    public var barSize: BarSizeSetting { series.barSize }
    /// IB's what-to-show, upper-case (`TRADES`, `MIDPOINT`, …).
    public var whatToShow: String { series.whatToShow }
    /// Whether only regular trading hours are asked for (IB `useRTH=1`).
    public var useRTH: Bool { series.useRTH }
    /// The end time exactly as sent: `yyyyMMdd-HH:mm:ss` in UTC (DESIGN invariant 8), or empty for "now", which
    /// IB requires for continuous futures and `ADJUSTED_LAST`.
    public var endDateTime: String { endDateTimeOverride ?? Self.endDateTimeText(windowEnd) }

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
        self.init(
            series: PlannedSeries(contract: contract, barSize: barSize, whatToShow: whatToShow, useRTH: useRTH),
            id: ChunkID(
                contract: contract,
                barSize: barSize,
                whatToShow: whatToShow,
                useRTH: useRTH,
                endDateTime: endDateTime,
                duration: duration
            ),
            endDateTimeOverride: endDateTime,
            duration: duration,
            windowEnd: windowEnd,
            expectedBars: expectedBars
        )
    }

    /// A chunk of a planned series whose id the caller derived (``ChunkIDHasher``).
    ///
    /// - Parameter endDateTimeOverride: `nil` when the end time text is that of `windowEnd`.
    init(
        series: PlannedSeries,
        id: ChunkID,
        endDateTimeOverride: String?,
        duration: IBDuration,
        windowEnd: Int64,
        expectedBars: Int
    ) {
        self.id = id
        self.series = series
        self.endDateTimeOverride = endDateTimeOverride
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
        EndDateTimeText.text(epochSeconds)
    }

    /// Equal when every request field, the window and the estimate are equal, however the chunks were made.
    public static func == (lhs: PlannedChunk, rhs: PlannedChunk) -> Bool {
        lhs.id == rhs.id && lhs.duration == rhs.duration && lhs.windowEnd == rhs.windowEnd
            && lhs.expectedBars == rhs.expectedBars && lhs.series.matches(rhs.series)
            && ((lhs.endDateTimeOverride == nil && rhs.endDateTimeOverride == nil)
                || lhs.endDateTime == rhs.endDateTime)
    }

    /// Hashes the id and the window end, which equal chunks share.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(windowEnd)
    }
}
