extension BarGenerator {
    /// Splits a minute into its 60 one-second samples.
    ///
    /// The second-level path is a random-walk bridge from the minute's open to its close, kept within its low
    /// and high; the second where the path peaks prints the minute's high and the second where it bottoms
    /// prints its low. So the seconds aggregate back to exactly the minute's open, high, low and close. Volume
    /// and trade count are split over the seconds with integer cumulative rounding, so they sum to the minute's
    /// totals. Only the time-averaged `BID_ASK` prices and the WAP are recomputed per second and need not
    /// average back exactly.
    ///
    /// - Parameters:
    ///   - minute: The minute to split.
    ///   - whatToShow: The requested series.
    /// - Returns: 60 samples, one per second, in order.
    static func seconds(of minute: Minute, whatToShow: SimulatedWhatToShow) -> [Sample] {
        let noise = minute.noise
        let basis = minute.basis
        let start = minute.sample.start
        var walk = [Double](repeating: 0, count: 61)
        for index in 1...60 {
            walk[index] = walk[index - 1] + noise.normal(Stream.secondPath, start + Int64(index))
        }
        var points = bridge(walk, basis)
        if whatToShow.isTradeSeries {
            // Trades print at the bid, the mid or the ask of the quote of their moment: the mid's own path (the
            // same walk over the mid's range, which MIDPOINT and BID_ASK seconds follow) plus a side, kept inside
            // the minute's trade range. So trade ticks lie inside the quotes that BID_ASK ticks report.
            let mid = bridge(walk, minute.mid)
            for index in 1..<60 {
                let side = Int64(noise.bits(Stream.secondSide, start + Int64(index)) % 3) - 1
                points[index] = min(max(mid[index] + side * minute.halfSpread, basis.low), basis.high)
            }
        }
        var highSecond = 0
        var lowSecond = 0
        for index in 1..<60 {
            if max(points[index], points[index + 1]) > max(points[highSecond], points[highSecond + 1]) {
                highSecond = index
            }
            if min(points[index], points[index + 1]) < min(points[lowSecond], points[lowSecond + 1]) {
                lowSecond = index
            }
        }
        var weights = [Int64](repeating: 0, count: 60)
        var totalWeight: Int64 = 0
        for index in 0..<60 {
            weights[index] = 1 + Int64(noise.bits(Stream.secondWeight, start + Int64(index)) & 15)
            totalWeight += weights[index]
        }
        var result: [Sample] = []
        result.reserveCapacity(60)
        var cumulative: Int64 = 0
        for index in 0..<60 {
            let open = points[index]
            let close = points[index + 1]
            let prices = Prices(
                open: open,
                high: index == highSecond ? basis.high : max(open, close),
                low: index == lowSecond ? basis.low : min(open, close),
                close: close
            )
            let before = cumulative
            cumulative += weights[index]
            let volume = share(minute.sample.volume, before, cumulative, totalWeight)
            let count = share(minute.sample.count, before, cumulative, totalWeight)
            let wap = Double(prices.high + prices.low + 2 * prices.close) / 4
            result.append(
                sample(
                    whatToShow: whatToShow,
                    basis: prices,
                    halfSpread: minute.halfSpread,
                    start: start + Int64(index),
                    volume: volume,
                    count: count,
                    wap: wap
                )
            )
        }
        return result
    }

    /// A random-walk bridge from `prices.open` to `prices.close` (the walk minus its straight line to the end
    /// starts and ends at zero), scaled so the path roams the range without pinning to its edges, kept inside it.
    private static func bridge(_ walk: [Double], _ prices: Prices) -> [Int64] {
        let scale = Double(prices.high - prices.low) * 0.13
        var points = [Int64](repeating: prices.open, count: 61)
        points[60] = prices.close
        for index in 1..<60 {
            let share = Double(index) / 60
            let line = Double(prices.open) + Double(prices.close - prices.open) * share
            let value = Int64((line + (walk[index] - walk[60] * share) * scale).rounded())
            points[index] = min(max(value, prices.low), prices.high)
        }
        return points
    }

    /// The part of `total` allotted to the weight interval `[before, after)` out of `sum`, by floor of the
    /// cumulative share; consecutive parts add up to exactly `total`.
    private static func share(_ total: Int64, _ before: Int64, _ after: Int64, _ sum: Int64) -> Int64 {
        guard sum > 0 else {
            return 0
        }
        let (high, _) = total.multipliedReportingOverflow(by: after)
        let (low, _) = total.multipliedReportingOverflow(by: before)
        return high / sum - low / sum
    }
}
