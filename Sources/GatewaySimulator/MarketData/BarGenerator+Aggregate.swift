extension BarGenerator {
    /// Accumulates samples into one bar: first open, last close, max high, min low, summed volume and count,
    /// volume-weighted WAP and time-averaged bid/ask (every sample of one bar covers the same duration).
    struct Aggregate {
        var start: Int64
        var prices: Prices
        var volume: Int64
        var count: Int64
        var wapVolume: Double
        var wapSum: Double
        var bidSum: Double
        var askSum: Double
        var samples: Int
        /// Whether any sample lies in the requested window; bars without one are not returned.
        var touchesWindow: Bool

        init(_ sample: Sample, touchesWindow: Bool) {
            start = sample.start
            prices = sample.prices
            volume = sample.volume
            count = sample.count
            wapVolume = sample.wap * Double(sample.volume)
            wapSum = sample.wap
            bidSum = sample.averageBid
            askSum = sample.averageAsk
            samples = 1
            self.touchesWindow = touchesWindow
        }

        mutating func add(_ sample: Sample, touchesWindow touches: Bool) {
            prices.high = max(prices.high, sample.prices.high)
            prices.low = min(prices.low, sample.prices.low)
            prices.close = sample.prices.close
            volume += sample.volume
            count += sample.count
            wapVolume += sample.wap * Double(sample.volume)
            wapSum += sample.wap
            bidSum += sample.averageBid
            askSum += sample.averageAsk
            samples += 1
            touchesWindow = touchesWindow || touches
        }

        mutating func merge(_ later: Aggregate) {
            prices.high = max(prices.high, later.prices.high)
            prices.low = min(prices.low, later.prices.low)
            prices.close = later.prices.close
            volume += later.volume
            count += later.count
            wapVolume += later.wapVolume
            wapSum += later.wapSum
            bidSum += later.bidSum
            askSum += later.askSum
            samples += later.samples
            touchesWindow = touchesWindow || later.touchesWindow
        }

        /// Formats the aggregate as wire text.
        ///
        /// - Parameters:
        ///   - whatToShow: The series, which decides the `BID_ASK` open/close and the `-1` volume fields.
        ///   - instrument: The instrument, for price and volume decimals.
        ///   - start: The start to report (differs from ``start`` for daily and longer bars).
        func bar(whatToShow: SimulatedWhatToShow, instrument: SimulatedInstrument, start: Int64) -> SimulatedBar {
            let text = instrument.priceText
            var open = text.text(ticks: prices.open)
            var close = text.text(ticks: prices.close)
            if whatToShow == .bidAsk {
                let bid = min(max((bidSum / Double(samples)).rounded(), Double(prices.low)), Double(prices.high))
                let ask = min(max((askSum / Double(samples)).rounded(), Double(prices.low)), Double(prices.high))
                open = text.text(ticks: Int64(bid))
                close = text.text(ticks: Int64(ask))
            }
            guard whatToShow.reportsVolume else {
                return SimulatedBar(
                    start: start,
                    open: open,
                    high: text.text(ticks: prices.high),
                    low: text.text(ticks: prices.low),
                    close: close,
                    volume: "-1",
                    wap: "-1",
                    count: -1
                )
            }
            let wapTicks = volume > 0 ? wapVolume / Double(volume) : wapSum / Double(samples)
            return SimulatedBar(
                start: start,
                open: open,
                high: text.text(ticks: prices.high),
                low: text.text(ticks: prices.low),
                close: close,
                volume: PriceText.format(scaled: volume, decimals: instrument.volumeDecimals),
                wap: PriceText.format(wapTicks * text.minTick, decimals: text.decimals + 1),
                count: Int(count)
            )
        }
    }
}
