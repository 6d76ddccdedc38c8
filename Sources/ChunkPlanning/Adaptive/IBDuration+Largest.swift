import TWSProtocol

extension IBDuration {
    /// The longest duration IB accepts for `barSize` whose span is at most `seconds` (never less than one bar):
    /// whole days from a day up (IB allows `D` from 5-second bars up), seconds below a day or for 1-second bars.
    ///
    /// - Parameters:
    ///   - seconds: The span allowed, in seconds.
    ///   - barSize: The bar size of the request.
    public static func largest(within seconds: Int64, for barSize: BarSizeSetting) -> IBDuration {
        let step = Int64(barSize.seconds)
        if seconds >= Unit.days.seconds, barSize.seconds >= Unit.days.smallestBarSeconds {
            return .days(Int(min(seconds / Unit.days.seconds, Int64(Unit.days.maximumCount))))
        }
        let limit: Int64 = barSize.seconds == 1 ? 2_000 : Unit.days.seconds
        let aligned = min(seconds, limit) / step * step
        return .seconds(Int(max(step, aligned)))
    }
}
