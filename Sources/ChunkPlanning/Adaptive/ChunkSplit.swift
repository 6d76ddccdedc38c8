import TWSProtocol

/// How a chunk too large for its gateway becomes smaller requests whose windows cover its window exactly, with no
/// overlap, so nothing is fetched twice and nothing is left out.
///
/// Only durations in seconds and days are split (every bar size of 30 seconds or less is planned in those); the
/// pieces keep the parent's unit where whole days allow it and use seconds otherwise, and every piece boundary
/// falls on a multiple of the bar size from the window's start, so no bar straddles two pieces.
public enum ChunkSplit {
    /// The chunk's window in two: halves at whole days for a duration of several days, else at the bar-aligned
    /// middle. `nil` when the window holds fewer than two bars or its unit is not seconds or days.
    ///
    /// - Parameters:
    ///   - end: The chunk's window end, UTC epoch seconds.
    ///   - duration: The chunk's duration.
    ///   - barSize: The chunk's bar size.
    /// - Returns: The two pieces, earlier first.
    public static func halves(end: Int64, duration: IBDuration, barSize: BarSizeSetting) -> [ChunkPiece]? {
        guard duration.unit == .seconds || duration.unit == .days else { return nil }
        if duration.unit == .days, duration.count >= 2 {
            let later = duration.count / 2
            return [
                ChunkPiece(
                    end: end - Int64(later) * IBDuration.Unit.days.seconds,
                    duration: .days(duration.count - later)
                ),
                ChunkPiece(end: end, duration: .days(later)),
            ]
        }
        let step = Int64(barSize.seconds)
        let length = duration.seconds
        let earlier = length / 2 / step * step
        guard earlier >= step, length - earlier >= step else { return nil }
        return [
            ChunkPiece(end: end - (length - earlier), duration: .seconds(Int(earlier))),
            ChunkPiece(end: end, duration: .seconds(Int(length - earlier))),
        ]
    }

    /// The chunk's window in as few pieces as keep each within `maxSeconds`, or `nil` when it fits already (or
    /// its unit is not seconds or days).
    ///
    /// Whole days when the cap is a day or more and the chunk is in days; otherwise equal bar-aligned pieces in
    /// seconds, the earliest taking the remainder.
    ///
    /// - Parameters:
    ///   - end: The chunk's window end, UTC epoch seconds.
    ///   - duration: The chunk's duration.
    ///   - barSize: The chunk's bar size.
    ///   - maxSeconds: The largest window a piece may have.
    /// - Returns: The pieces, earliest first.
    public static func pieces(
        end: Int64,
        duration: IBDuration,
        barSize: BarSizeSetting,
        maxSeconds: Int64
    ) -> [ChunkPiece]? {
        guard duration.unit == .seconds || duration.unit == .days, duration.seconds > maxSeconds else { return nil }
        let day = IBDuration.Unit.days.seconds
        if duration.unit == .days, maxSeconds >= day {
            let perPiece = Int(maxSeconds / day)
            var pieces: [ChunkPiece] = []
            var left = duration.count
            var pieceEnd = end
            while left > 0 {
                let count = min(perPiece, left)
                pieces.append(ChunkPiece(end: pieceEnd, duration: .days(count)))
                pieceEnd -= Int64(count) * day
                left -= count
            }
            return pieces.reversed()
        }
        let step = Int64(barSize.seconds)
        let largest = IBDuration.largest(within: maxSeconds, for: barSize).seconds
        guard largest >= step else { return nil }
        let length = duration.seconds
        let count = (length + largest - 1) / largest
        let size = ((length + count - 1) / count + step - 1) / step * step
        var pieces: [ChunkPiece] = []
        var pieceEnd = end
        let start = end - length
        while pieceEnd > start {
            let pieceLength = min(size, pieceEnd - start)
            pieces.append(ChunkPiece(end: pieceEnd, duration: .seconds(Int(pieceLength))))
            pieceEnd -= pieceLength
        }
        return pieces.reversed()
    }
}
