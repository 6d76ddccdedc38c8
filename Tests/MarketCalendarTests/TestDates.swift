import MarketCalendar
import Testing

/// Parses a `yyyyMMdd` literal, recording a test issue (instead of trapping) if the literal is wrong.
func day(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> CivilDate {
    guard let date = CivilDate(yyyyMMdd: text) else {
        Issue.record("bad date literal \(text)", sourceLocation: sourceLocation)
        return CivilDate(daysSinceEpoch: 0)
    }
    return date
}

/// The UTC instant of a UTC wall-clock time on a `yyyyMMdd` date.
func utc(
    _ text: String,
    _ hour: Int64,
    _ minute: Int64 = 0,
    sourceLocation: SourceLocation = #_sourceLocation
)
    -> Int64
{
    day(text, sourceLocation: sourceLocation).utcMidnight + hour * 3_600 + minute * 60
}
