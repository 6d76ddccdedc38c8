import TWSProtocol

extension Planner {
    /// Checks a request as ``plan(_:now:covered:)`` does first, without planning it.
    ///
    /// Lets a caller reject bad input before it spends anything on the request, such as asking IB for head
    /// timestamps.
    ///
    /// - Parameters:
    ///   - request: What to download.
    ///   - now: The current time, UTC epoch seconds.
    /// - Returns: The request's contracts without duplicates, in order.
    /// - Throws: ``PlanningError`` for the same invalid requests ``plan(_:now:covered:)`` refuses up front.
    public func check(_ request: PlanRequest, now: Int64) throws(PlanningError) -> [Contract] {
        try Self.validate(request, whatToShow: Self.normalized(request.whatToShow), now: now)
    }

    /// IB's spelling of a what-to-show, as the planner uses it: without spaces, upper case.
    ///
    /// - Parameter whatToShow: The what-to-show as given.
    /// - Returns: The normalised text.
    public static func normalizedWhatToShow(_ whatToShow: String) -> String {
        normalized(whatToShow)
    }
}
