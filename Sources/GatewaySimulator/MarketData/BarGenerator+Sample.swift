import Foundation
import MarketCalendar

extension BarGenerator {
    /// Open, high, low and close in whole ticks.
    struct Prices {
        var open: Int64
        var high: Int64
        var low: Int64
        var close: Int64

        var average: Double {
            Double(open + high + low + close) / 4
        }
    }

    /// The values of one minute (or one second) of the requested series, before formatting.
    ///
    /// For `BID_ASK`, `prices.high`/`prices.low` are the highest ask and lowest bid, and the averages carry the
    /// time-averaged bid and ask; for other series the averages are unused.
    struct Sample {
        var start: Int64
        var prices: Prices
        var volume: Int64
        var count: Int64
        var wap: Double
        var averageBid: Double
        var averageAsk: Double
    }

    /// A generated minute: the sample plus what is needed to split it into seconds.
    struct Minute {
        /// The path the seconds follow: the trade prices for trade series, the mid prices otherwise.
        var basis: Prices
        /// The mid prices, which trade seconds follow too (at the bid, the mid or the ask).
        var mid: Prices
        var halfSpread: Int64
        var sample: Sample
        /// The contract's own noise (trades, volume, spread), which also drives the minute's seconds and ticks.
        var noise: DeterministicNoise
    }

    /// Generates minutes of one instrument and series. Every value is a pure function of the instrument, the
    /// series and the minute's start time; the mutable state is only caches.
    struct MinuteSource {
        let instrument: SimulatedInstrument
        let whatToShow: SimulatedWhatToShow
        let volumeUnit: Double
        private(set) var model: PriceModel
        /// The contract noise, or `nil` for a continuous future, whose noise is that of the front contract.
        private let fixedNoise: DeterministicNoise?
        private var cachedMid: (time: Int64, ticks: Int64) = (.min, 0)
        private var cachedFrontNoise: (expiry: Int64, noise: DeterministicNoise) = (.min, DeterministicNoise(seed: 0))

        init(instrument: SimulatedInstrument, whatToShow: SimulatedWhatToShow) {
            self.instrument = instrument
            self.whatToShow = whatToShow
            self.volumeUnit = PriceText.powerOfTen(instrument.volumeDecimals)
            let model = PriceModel(instrument: instrument, whatToShow: whatToShow)
            self.model = model
            switch model.carry {
            case .none:
                fixedNoise = DeterministicNoise(seed: UInt64(bitPattern: Int64(instrument.conId)) &+ 0x5EED)
            case .fixed(let expiry):
                fixedNoise = Self.futuresNoise(series: model.series, expiry: expiry)
            case .frontMonth:
                fixedNoise = nil
            }
        }

        /// Futures noise depends on the root and the expiry only, so a continuous future reproduces its front
        /// contract's trades and volume exactly.
        private static func futuresNoise(series: DeterministicNoise, expiry: Int64) -> DeterministicNoise {
            DeterministicNoise(seed: series.seed ^ UInt64(bitPattern: expiry))
        }

        private mutating func contractNoise(at time: Int64) -> DeterministicNoise {
            if let fixedNoise {
                return fixedNoise
            }
            let expiry = model.frontExpiry(at: time)
            if cachedFrontNoise.expiry != expiry {
                cachedFrontNoise = (expiry, Self.futuresNoise(series: model.series, expiry: expiry))
            }
            return cachedFrontNoise.noise
        }

        /// The minute starting at `start` (a multiple of 60), given the regular-hours interval of its trading
        /// day (which shapes volume and volatility through the day).
        mutating func minute(at start: Int64, regularHours: Range<Int64>) -> Minute {
            let activity = BarGenerator.activity(kind: instrument.sessionKind, at: start, regularHours: regularHours)
            let own = contractNoise(at: start)
            let open = mid(at: start)
            let close = mid(at: start + 60)
            let price = Double(open) * model.tickSize
            let wickScale = price * 0.000_35 * model.scale * activity.squareRoot() / model.tickSize
            let series = model.series
            let up = Int64((abs(series.normal(Stream.wickUp, start)) * wickScale).rounded(.down))
            let down = Int64((abs(series.normal(Stream.wickDown, start)) * wickScale).rounded(.down))
            let halfSpread = instrument.halfSpreadTicks + (own.unit(Stream.spread, start) < 0.2 ? 1 : 0)
            let lowest = halfSpread + 1
            let mid = Prices(
                open: open,
                high: max(open, close) + up,
                low: max(lowest, min(open, close) - down),
                close: close
            )
            let basis =
                whatToShow.isTradeSeries ? trades(around: mid, halfSpread: halfSpread, start: start, noise: own) : mid
            let (volume, count) = volumeAndCount(start: start, activity: activity, noise: own)
            let sample = BarGenerator.sample(
                whatToShow: whatToShow,
                basis: basis,
                halfSpread: halfSpread,
                start: start,
                volume: volume,
                count: count,
                wap: wap(of: basis, start: start, noise: own)
            )
            return Minute(basis: basis, mid: mid, halfSpread: halfSpread, sample: sample, noise: own)
        }

        private mutating func mid(at time: Int64) -> Int64 {
            if cachedMid.time == time {
                return cachedMid.ticks
            }
            let ticks = model.midTicks(at: time)
            cachedMid = (time, ticks)
            return ticks
        }

        /// Trades print at the bid, the mid or the ask, so trade prices straddle the mid path.
        private func trades(around mid: Prices, halfSpread: Int64, start: Int64, noise: DeterministicNoise) -> Prices {
            func side(_ stream: UInt64) -> Int64 {
                Int64(noise.bits(stream, start) % 3) - 1
            }
            let open = mid.open + side(Stream.tradeOpen) * halfSpread
            let close = mid.close + side(Stream.tradeClose) * halfSpread
            let high = max(mid.high + (noise.bits(Stream.tradeHigh, start) & 1 == 0 ? halfSpread : 0), open, close)
            let low = min(mid.low - (noise.bits(Stream.tradeLow, start) & 1 == 0 ? halfSpread : 0), open, close)
            return Prices(open: open, high: high, low: max(1, low), close: close)
        }

        private func wap(of prices: Prices, start: Int64, noise: DeterministicNoise) -> Double {
            let typical = Double(prices.high + prices.low + 2 * prices.close) / 4
            let spread = Double(prices.high - prices.low)
            let value = typical + 0.15 * spread * noise.normal(Stream.wap, start)
            return min(max(value, Double(prices.low)), Double(prices.high))
        }

        private mutating func volumeAndCount(
            start: Int64,
            activity: Double,
            noise: DeterministicNoise
        ) -> (Int64, Int64) {
            guard instrument.averageMinuteVolume > 0 else {
                return (0, 0)
            }
            var level = instrument.averageMinuteVolume * activity * exp(0.45 * noise.normal(Stream.volume, start))
            if case .fixed(let expiry) = model.carry, model.frontExpiry(at: start) != expiry {
                level *= 0.04  // back months trade thinly
            }
            let volume = Int64((level * volumeUnit).rounded())
            guard volume > 0 else {
                return (0, 0)
            }
            let trades = level / instrument.averageTradeSize * (0.7 + 0.6 * noise.unit(Stream.count, start))
            let count = min(volume, max(1, Int64(trades.rounded())))
            return (volume, count)
        }
    }

    /// Derives the requested series' sample from its basis path (shared by minutes and seconds).
    static func sample(
        whatToShow: SimulatedWhatToShow,
        basis: Prices,
        halfSpread: Int64,
        start: Int64,
        volume: Int64,
        count: Int64,
        wap: Double
    ) -> Sample {
        var prices = basis
        var averageBid = 0.0
        var averageAsk = 0.0
        switch whatToShow {
        case .trades, .adjustedLast, .aggregatedTrades, .midpoint:
            break
        case .bid:
            prices = Prices(
                open: basis.open - halfSpread,
                high: basis.high - halfSpread,
                low: basis.low - halfSpread,
                close: basis.close - halfSpread
            )
        case .ask:
            prices = Prices(
                open: basis.open + halfSpread,
                high: basis.high + halfSpread,
                low: basis.low + halfSpread,
                close: basis.close + halfSpread
            )
        case .bidAsk:
            averageBid = basis.average - Double(halfSpread)
            averageAsk = basis.average + Double(halfSpread)
            prices.high = basis.high + halfSpread
            prices.low = basis.low - halfSpread
        }
        return Sample(
            start: start,
            prices: prices,
            volume: volume,
            count: count,
            wap: wap,
            averageBid: averageBid,
            averageAsk: averageAsk
        )
    }

    /// Relative trading activity (1 ≈ an average regular-hours minute) by time of day, which scales volume and
    /// the size of price wicks: U-shaped in regular hours (busy open and close), quiet outside them, and for
    /// currencies busiest in the London/New York overlap.
    static func activity(kind: SessionKind, at time: Int64, regularHours: Range<Int64>) -> Double {
        switch kind {
        case .usEquity, .usIndex, .cmeEquityFutures:
            guard regularHours.contains(time) else {
                return kind == .cmeEquityFutures ? 0.12 : 0.04
            }
            let sinceOpen = Double(time - regularHours.lowerBound) / 60
            let untilClose = Double(regularHours.upperBound - time) / 60
            return 0.55 + 2.0 * exp(-sinceOpen / 18) + 1.5 * exp(-untilClose / 12)
        case .forex24x5:
            let hour = Double(((time % 86_400) + 86_400) % 86_400) / 3_600
            let overlap = exp(-((hour - 14) / 3.5) * ((hour - 14) / 3.5))
            let london = exp(-((hour - 8.5) / 2.5) * ((hour - 8.5) / 2.5))
            return 0.35 + 0.9 * overlap + 0.5 * london
        case .crypto24x7:
            let hour = Double(((time % 86_400) + 86_400) % 86_400) / 3_600
            return 0.75 + 0.25 * cos(2 * Double.pi * (hour - 15) / 24)
        }
    }
}
