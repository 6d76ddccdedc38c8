import MarketCalendar

/// Generates deterministic historical ticks (IB `reqHistoricalTicks`) that agree with ``BarGenerator``.
///
/// Ticks are derived from the same one-second samples as 1-second bars:
/// - `TRADES` (and `AGGTRADES`): each second with trades prints up to four trades, the first at the second's
///   open and the last at its close, the others inside its range; sizes split the second's volume.
/// - `MIDPOINT`: one tick for every second in which the midpoint moved, at the second's closing midpoint.
/// - `BID_ASK`: one tick for every second in which the quote moved or the quoted sizes changed.
///
/// So every trade tick lies within its 1-second `TRADES` bar, and ticks exist only inside sessions. Other
/// series (`BID`, `ASK`, `ADJUSTED_LAST`) have no ticks at IB and return nothing. Thread-safe: no state.
public struct TickGenerator: Sendable {
    /// How far from `start` (or back from `end`) the generator searches for ticks: 31 days, enough to cross any
    /// holiday weekend while bounding the work for requests far outside the data.
    public static let searchHorizon: Int64 = 31 * 86_400

    /// Creates a generator.
    public init() {}

    /// The ticks of one request.
    ///
    /// With `start`, returns the first `count` ticks at or after `start` (and at or before `end` when given).
    /// With only `end`, returns the last `count` ticks at or before `end`. Without either, returns nothing.
    ///
    /// - Parameters:
    ///   - instrument: The instrument.
    ///   - whatToShow: `.trades`, `.aggregatedTrades`, `.midpoint` or `.bidAsk`.
    ///   - start: The first second of interest, UTC epoch seconds.
    ///   - end: The last second of interest (inclusive), UTC epoch seconds.
    ///   - count: The maximum number of ticks.
    ///   - useRTH: `true` for regular trading hours only.
    /// - Returns: Up to `count` ticks in time order.
    public func ticks(
        instrument: SimulatedInstrument,
        whatToShow: SimulatedWhatToShow,
        start: Int64?,
        end: Int64?,
        count: Int,
        useRTH: Bool
    ) -> [SimulatedTick] {
        let basisSeries: SimulatedWhatToShow
        switch whatToShow {
        case .trades, .aggregatedTrades: basisSeries = .trades
        case .midpoint, .bidAsk: basisSeries = .midpoint
        case .bid, .ask, .adjustedLast: return []
        }
        guard count > 0 else {
            return []
        }
        let start = start.map { min(max($0, BarGenerator.earliestTime), BarGenerator.latestTime) }
        let end = end.map { min(max($0, BarGenerator.earliestTime), BarGenerator.latestTime) }
        var producer = Producer(instrument: instrument, basis: basisSeries, whatToShow: whatToShow)
        if let start {
            let limit = min(end.map { $0 + 1 } ?? Int64.max, start + Self.searchHorizon)
            return producer.forward(from: start, until: limit, count: count, useRTH: useRTH)
        }
        if let end {
            return producer.backward(through: end, count: count, useRTH: useRTH)
        }
        return []
    }

    /// Walks minutes in one-hour chunks, forward or backward, turning each into ticks.
    private struct Producer {
        let instrument: SimulatedInstrument
        let whatToShow: SimulatedWhatToShow
        var source: BarGenerator.MinuteSource

        init(instrument: SimulatedInstrument, basis: SimulatedWhatToShow, whatToShow: SimulatedWhatToShow) {
            self.instrument = instrument
            self.whatToShow = whatToShow
            self.source = BarGenerator.MinuteSource(instrument: instrument, whatToShow: basis)
        }

        mutating func forward(from start: Int64, until limit: Int64, count: Int, useRTH: Bool) -> [SimulatedTick] {
            var result: [SimulatedTick] = []
            var cursor = start - BarGenerator.floorModulo(start, 60)
            while cursor < limit, result.count < count {
                let chunk = cursor..<min(cursor + 3_600, limit)
                for minute in minutes(in: chunk, useRTH: useRTH) {
                    for tick in ticks(of: minute) where tick.time >= start && tick.time < limit {
                        result.append(tick)
                        if result.count == count {
                            return result
                        }
                    }
                }
                cursor = chunk.upperBound
            }
            return result
        }

        mutating func backward(through end: Int64, count: Int, useRTH: Bool) -> [SimulatedTick] {
            var reversed: [SimulatedTick] = []
            var cursor = end + 1
            let floor = max(end - TickGenerator.searchHorizon, instrument.headTimestamp)
            while cursor > floor, reversed.count < count {
                let chunk = max(cursor - 3_600, floor)..<cursor
                for minute in minutes(in: chunk, useRTH: useRTH).reversed() {
                    for tick in ticks(of: minute).reversed() where tick.time <= end {
                        reversed.append(tick)
                        if reversed.count == count {
                            return reversed.reversed()
                        }
                    }
                }
                cursor = chunk.lowerBound
            }
            return reversed.reversed()
        }

        private mutating func minutes(in range: Range<Int64>, useRTH: Bool) -> [BarGenerator.Minute] {
            var found: [BarGenerator.Minute] = []
            let lower = range.lowerBound - BarGenerator.floorModulo(range.lowerBound, 60)
            BarGenerator.forEachMinute(source: &source, useRTH: useRTH, in: lower..<range.upperBound + 59) {
                if $0.sample.start < range.upperBound {
                    found.append($0)
                }
            }
            return found
        }

        private func ticks(of minute: BarGenerator.Minute) -> [SimulatedTick] {
            let noise = minute.noise
            let seconds = BarGenerator.seconds(of: minute, whatToShow: source.whatToShow)
            let text = instrument.priceText
            var result: [SimulatedTick] = []
            var previousClose = minute.basis.open
            for second in seconds {
                let time = second.start
                let prices = second.prices
                defer { previousClose = prices.close }
                switch whatToShow {
                case .midpoint:
                    if prices.close != previousClose {
                        result.append(SimulatedTick(time: time, price: text.text(ticks: prices.close), size: "0"))
                    }
                case .bidAsk:
                    let sizeChange = noise.bits(BarGenerator.Stream.tickSizeChange, time) % 5 == 0
                    if prices.close != previousClose || sizeChange {
                        result.append(quote(time: time, mid: prices.close, halfSpread: minute.halfSpread, noise: noise))
                    }
                default:
                    result += trades(in: second, noise: noise)
                }
            }
            return result
        }

        private func trades(in second: BarGenerator.Sample, noise: DeterministicNoise) -> [SimulatedTick] {
            let prints = Int(min(second.count, second.volume, 4))
            guard prints > 0 else {
                return []
            }
            let prices = second.prices
            var result: [SimulatedTick] = []
            for index in 0..<prints {
                let price: Int64
                if index == prints - 1 {
                    price = prices.close
                } else if index == 0 {
                    price = prices.open
                } else {
                    let span = UInt64(prices.high - prices.low + 1)
                    let bits = noise.bits(BarGenerator.Stream.tickPrice, second.start &* 8 &+ Int64(index))
                    price = prices.low + Int64(bits % span)
                }
                let size =
                    second.volume * Int64(index + 1) / Int64(prints) - second.volume * Int64(index) / Int64(prints)
                result.append(
                    SimulatedTick(
                        time: second.start,
                        price: instrument.priceText.text(ticks: price),
                        size: PriceText.format(scaled: size, decimals: instrument.volumeDecimals)
                    )
                )
            }
            return result
        }

        private func quote(time: Int64, mid: Int64, halfSpread: Int64, noise: DeterministicNoise) -> SimulatedTick {
            let unit = PriceText.powerOfTen(instrument.volumeDecimals)
            func size(_ side: Int64) -> String {
                let lots = 1 + Double(noise.bits(BarGenerator.Stream.tickQuoteSize, time &* 2 &+ side) % 15)
                let scaled = Int64((lots * instrument.averageTradeSize * unit).rounded())
                return PriceText.format(scaled: max(scaled, 1), decimals: instrument.volumeDecimals)
            }
            let text = instrument.priceText
            return SimulatedTick(
                time: time,
                price: text.text(ticks: mid),
                size: "0",
                bidPrice: text.text(ticks: mid - halfSpread),
                askPrice: text.text(ticks: mid + halfSpread),
                bidSize: size(0),
                askSize: size(1)
            )
        }
    }
}
