import BarValidation
import TWSProtocol

extension BarValidator {
    /// A validator for a stored chunk, with the window the request actually covered.
    ///
    /// A chunk sent with an empty end time ("now": continuous futures, `ADJUSTED_LAST`) was planned with the `now`
    /// of planning as its window end, but IB answers up to the moment the request is sent, so its reply holds bars
    /// after the planned end. Those are not late bars of a misread end time; the window is widened to `sentAt` so
    /// they pass. Chunks with an explicit end time keep their planned window.
    ///
    /// - Parameters:
    ///   - chunk: The chunk as stored.
    ///   - sentAt: When the request went to IB, UTC epoch seconds.
    ///   - configuration: The thresholds.
    public init(
        chunk: ChunkRow,
        sentAt: Int64,
        configuration: Configuration = Configuration()
    ) {
        let end = chunk.endDateTime.isEmpty ? max(chunk.windowEnd, sentAt) : chunk.windowEnd
        self.init(barSize: chunk.barSize, window: chunk.windowStart..<end, configuration: configuration)
    }
}
