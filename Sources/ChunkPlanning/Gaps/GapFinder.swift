/// Finds where a series has no bars, and why: pure, so `backfill gaps` and its tests share one judgement.
///
/// Each expected session is compared with the stored bars: for intraday bars the session's time not covered by
/// any stored bar (a bar covers its start plus its length, so IB's grid need not match the session's open), for
/// daily bars the session's one bar by its date. Each hole takes its cause from the chunks overlapping it, the
/// best news first: a finished chunk with bars (then the bars are missing inside a fetched session), an
/// unfinished one (pending), an empty one (IB had no data, with its text), a dead one (with IB's code), or none
/// (never fetched). Whole sessions in a row with the same cause are one gap.
public enum GapFinder {
    /// The gaps of one series.
    ///
    /// - Parameters:
    ///   - sessions: The sessions that should have bars, in time order (``ExpectedSession/sessions(kind:useRTH:from:to:)``).
    ///   - barSeconds: The bar size in seconds.
    ///   - daily: Whether bars are daily (one per session, stored at its date).
    ///   - chunks: The series' chunks (any state; cancelled ones are ignored).
    ///   - barStarts: The stored bars' start times, ascending.
    public static func gaps(
        sessions: [ExpectedSession],
        barSeconds: Int64,
        daily: Bool,
        chunks: [CoverageChunk],
        barStarts: [Int64]
    ) -> [SeriesGap] {
        let live = chunks.filter { $0.state != "cancelled" }.sorted { $0.window.lowerBound < $1.window.lowerBound }
        var gaps: [SeriesGap] = []
        // Whether the last gap ends with a whole session, so the next whole session of the same cause extends it.
        var lastIsWholeSessions = false
        for session in sessions {
            let holes: [Range<Int64>]
            if daily {
                holes = contains(barStarts, session.dailyStamp) ? [] : [session.interval]
            } else {
                holes = uncovered(session.interval, barStarts: barStarts, barSeconds: barSeconds)
            }
            for hole in holes {
                let (cause, ids) = Self.cause(of: live.filter { $0.window.overlaps(hole) })
                let bars = daily ? 1 : (hole.count + Int(barSeconds) - 1) / Int(barSeconds)
                let whole = hole == session.interval
                if whole, lastIsWholeSessions, var last = gaps.last, last.cause == cause {
                    last.interval = last.interval.lowerBound..<hole.upperBound
                    last.sessions += 1
                    last.missingBars += bars
                    last.chunkIDs += ids.filter { !last.chunkIDs.contains($0) }
                    last.sessionSpans.append(session.interval)
                    gaps[gaps.count - 1] = last
                    continue
                }
                gaps.append(
                    SeriesGap(
                        interval: hole,
                        cause: cause,
                        sessions: 1,
                        missingBars: bars,
                        chunkIDs: ids,
                        sessionSpans: [session.interval]
                    )
                )
                lastIsWholeSessions = whole
            }
        }
        return gaps
    }

    /// The cause the overlapping chunks give, and the chunks that gave it.
    static func cause(of chunks: [CoverageChunk]) -> (GapCause, [String]) {
        func with(_ states: Set<String>) -> [CoverageChunk] { chunks.filter { states.contains($0.state) } }
        let done = with(["done"])
        if !done.isEmpty { return (.missingInFetchedSession(refetched: false), done.map(\.id)) }
        let pending = with(["pending", "queued", "running", "retrying"])
        if !pending.isEmpty { return (.pending, pending.map(\.id)) }
        let empty = with(["empty"])
        if let first = empty.first {
            return (.noData(code: first.errorCode, text: first.errorText), empty.map(\.id))
        }
        let dead = with(["dead"])
        if let first = dead.first {
            return (.deadLettered(code: first.errorCode, text: first.errorText), dead.map(\.id))
        }
        return (.neverFetched, [])
    }

    /// The parts of `span` no stored bar covers, each at least one bar long (or the whole span when it is shorter).
    static func uncovered(_ span: Range<Int64>, barStarts: [Int64], barSeconds: Int64) -> [Range<Int64>] {
        var holes: [Range<Int64>] = []
        var cursor = span.lowerBound
        var index = firstIndex(barStarts, atLeast: span.lowerBound - barSeconds + 1)
        while index < barStarts.count, barStarts[index] < span.upperBound {
            let start = barStarts[index]
            if start > cursor { holes.append(cursor..<start) }
            cursor = max(cursor, start + barSeconds)
            index += 1
        }
        if cursor < span.upperBound { holes.append(cursor..<span.upperBound) }
        let least = min(barSeconds, Int64(span.count))
        return holes.filter { Int64($0.count) >= least }
    }

    static func contains(_ sorted: [Int64], _ value: Int64) -> Bool {
        let index = firstIndex(sorted, atLeast: value)
        return index < sorted.count && sorted[index] == value
    }

    static func firstIndex(_ sorted: [Int64], atLeast value: Int64) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
