/// One missing stretch of a series: when, why, and which chunks are involved.
public struct SeriesGap: Sendable, Hashable {
    /// The missing time, UTC epoch seconds: whole sessions, or the bar times missing inside one.
    public var interval: Range<Int64>
    /// Why it is missing.
    public var cause: GapCause
    /// How many trading sessions it spans (whole or in part).
    public var sessions: Int
    /// How many bars are missing: the missing time in bar lengths (rounded up) for intraday bars, one per session
    /// for daily bars.
    public var missingBars: Int
    /// The chunks whose state gave the cause (none when never fetched).
    public var chunkIDs: [String]
    /// The sessions it lies in, for re-fetching a session with bars missing inside it.
    public var sessionSpans: [Range<Int64>]

    /// Creates a gap.
    public init(
        interval: Range<Int64>,
        cause: GapCause,
        sessions: Int,
        missingBars: Int,
        chunkIDs: [String],
        sessionSpans: [Range<Int64>]
    ) {
        self.interval = interval
        self.cause = cause
        self.sessions = sessions
        self.missingBars = missingBars
        self.chunkIDs = chunkIDs
        self.sessionSpans = sessionSpans
    }
}
