import MarketCalendar

/// Generates deterministic historical ticks (IB `reqHistoricalTicks`) that agree with ``BarGenerator``.
///
/// Ticks are derived from the same one-second samples as 1-second bars:
/// - `TRADES` (and `AGGTRADES`): each second with trades prints up to four trades, the first at the second's
///   open and the last at its close, the others inside its range; sizes split the second's volume. The first and
///   the last second of a US stock's regular session are its opening and closing auctions: 1000 to 1499 prints
///   each (fewer only when the second's volume has fewer units), so a page boundary can fall inside a second that
///   alone holds more than IB's 1000 ticks per request.
/// - `MIDPOINT`: one tick for every second in which the midpoint moved, at the second's closing midpoint.
/// - `BID_ASK`: one tick for every second in which the quote moved or the quoted sizes changed.
///
/// So every trade tick lies within its 1-second `TRADES` bar (the bar's trade count is not raised for the
/// auctions), and ticks exist only inside sessions. A request returns ticks of one trading session only, the one
/// its start (or end) falls in or, when that is closed, the next (previous) one: IB's documented "one trading
/// session per request". Other series (`BID`, `ASK`, `ADJUSTED_LAST`) have no ticks at IB and return nothing.
/// Thread-safe: no state.
public struct TickGenerator: Sendable {
    /// How a page ends once it holds the requested number of ticks.
    public enum PageRule: String, Sendable, CaseIterable {
        /// IB's documented behaviour: the page goes on to the end of the second it reached, so it can hold more
        /// than the requested count (IB: "a few more may come to finish the second").
        case finishSecond = "finish-second"
        /// Exactly the requested count, even if that cuts a second in two: the other reading of IB's docs, kept so
        /// a downloader can be tested against both.
        case exact
    }

    /// How far from `start` (or back from `end`) the generator searches for ticks: 31 days, enough to cross any
    /// holiday weekend while bounding the work for requests far outside the data.
    public static let searchHorizon: Int64 = 31 * 86_400

    /// The fewest prints of an auction second (see the type's documentation); up to 499 more are added.
    public static let auctionPrints: Int64 = 1_000

    /// How a page ends.
    public let pageRule: PageRule

    /// Creates a generator.
    ///
    /// - Parameter pageRule: How a page ends; IB's documented rule by default.
    public init(pageRule: PageRule = .finishSecond) {
        self.pageRule = pageRule
    }

    /// The ticks of one request.
    ///
    /// With `start`, returns the first `count` ticks at or after `start` (and at or before `end` when given).
    /// With only `end`, returns the last `count` ticks at or before `end`. Without either, returns nothing. Under
    /// ``PageRule/finishSecond`` the page also holds the rest of its last second (with `start`) or of its first
    /// second (with `end`).
    ///
    /// - Parameters:
    ///   - instrument: The instrument.
    ///   - whatToShow: `.trades`, `.aggregatedTrades`, `.midpoint` or `.bidAsk`.
    ///   - start: The first second of interest, UTC epoch seconds.
    ///   - end: The last second of interest (inclusive), UTC epoch seconds.
    ///   - count: The maximum number of ticks (before finishing a second).
    ///   - useRTH: `true` for regular trading hours only.
    /// - Returns: The ticks in time order.
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
        var producer = Producer(instrument: instrument, basis: basisSeries, whatToShow: whatToShow, rule: pageRule)
        if let start {
            var limit = min(end.map { $0 + 1 } ?? Int64.max, start + Self.searchHorizon)
            if let session = Self.session(of: instrument, from: start, useRTH: useRTH) {
                limit = min(limit, session.upperBound)
            }
            return producer.forward(from: start, until: limit, count: count, useRTH: useRTH)
        }
        if let end {
            let floor = Self.session(of: instrument, through: end, useRTH: useRTH)?.lowerBound
            return producer.backward(through: end, floor: floor, count: count, useRTH: useRTH)
        }
        return []
    }

    /// The session (as a UTC interval) that is open at `time` or, when closed, the next one.
    static func session(of instrument: SimulatedInstrument, from time: Int64, useRTH: Bool) -> Range<Int64>? {
        TradingSessions.sessions(
            kind: instrument.sessionKind,
            from: time,
            to: time + searchHorizon,
            regularHoursOnly: useRTH
        ).first { $0.interval.upperBound > time }?.interval
    }

    /// The session that is open at `time` (inclusive) or, when closed, the previous one.
    static func session(of instrument: SimulatedInstrument, through time: Int64, useRTH: Bool) -> Range<Int64>? {
        TradingSessions.sessions(
            kind: instrument.sessionKind,
            from: time - searchHorizon,
            to: time + 1,
            regularHoursOnly: useRTH
        ).last { $0.interval.lowerBound <= time }?.interval
    }

    /// Walks minutes in one-hour chunks, forward or backward, turning each into ticks.
    private struct Producer {
        let instrument: SimulatedInstrument
        let whatToShow: SimulatedWhatToShow
        let rule: PageRule
        var source: BarGenerator.MinuteSource
        /// Each trading day's regular session, for the auction seconds.
        var regularSessions: [CivilDate: Range<Int64>?] = [:]

        init(
            instrument: SimulatedInstrument,
            basis: SimulatedWhatToShow,
            whatToShow: SimulatedWhatToShow,
            rule: PageRule
        ) {
            self.instrument = instrument
            self.whatToShow = whatToShow
            self.rule = rule
            self.source = BarGenerator.MinuteSource(instrument: instrument, whatToShow: basis)
        }

        mutating func forward(from start: Int64, until limit: Int64, count: Int, useRTH: Bool) -> [SimulatedTick] {
            var result: [SimulatedTick] = []
            var cursor = start - BarGenerator.floorModulo(start, 60)
            while cursor < limit {
                let chunk = cursor..<min(cursor + 3_600, limit)
                for minute in minutes(in: chunk, useRTH: useRTH) {
                    for tick in ticks(of: minute) where tick.time >= start && tick.time < limit {
                        if result.count >= count {
                            // Full: IB finishes the second it reached, and stops at the next one.
                            guard rule == .finishSecond, tick.time == result.last?.time else { return result }
                        }
                        result.append(tick)
                    }
                }
                cursor = chunk.upperBound
            }
            return result
        }

        mutating func backward(through end: Int64, floor: Int64?, count: Int, useRTH: Bool) -> [SimulatedTick] {
            var reversed: [SimulatedTick] = []
            var cursor = end + 1
            let floor = max(end - TickGenerator.searchHorizon, instrument.headTimestamp, floor ?? .min)
            search: while cursor > floor {
                let chunk = max(cursor - 3_600, floor)..<cursor
                for minute in minutes(in: chunk, useRTH: useRTH).reversed() {
                    for tick in ticks(of: minute).reversed() where tick.time <= end && tick.time >= floor {
                        if reversed.count >= count {
                            guard rule == .finishSecond, tick.time == reversed.last?.time else { break search }
                        }
                        reversed.append(tick)
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

        private mutating func ticks(of minute: BarGenerator.Minute) -> [SimulatedTick] {
            let noise = minute.noise
            let seconds = BarGenerator.seconds(of: minute, whatToShow: source.whatToShow)
            let text = instrument.priceText
            var result: [SimulatedTick] = []
            var previousClose = minute.basis.open
            let auctions = whatToShow == .midpoint || whatToShow == .bidAsk ? nil : auctionSeconds(of: minute)
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
                    let isAuction = auctions.map { $0.lowerBound == time || $0.upperBound - 1 == time } ?? false
                    result += trades(in: second, noise: noise, auction: isAuction)
                }
            }
            return result
        }

        /// The regular session of a US stock whose first or last second lies in `minute`, or nil.
        private mutating func auctionSeconds(of minute: BarGenerator.Minute) -> Range<Int64>? {
            guard instrument.sessionKind == .usEquity else { return nil }
            let start = minute.sample.start
            let day = instrument.sessionKind.timeZone.localDate(at: start)
            if regularSessions[day] == nil {
                regularSessions[day] =
                    TradingSessions.session(kind: .usEquity, tradingDay: day, regularHoursOnly: true)?.interval
            }
            guard let session = regularSessions[day] ?? nil else { return nil }
            let minuteRange = start..<start + 60
            guard minuteRange.contains(session.lowerBound) || minuteRange.contains(session.upperBound - 1) else {
                return nil
            }
            return session
        }

        private func trades(in second: BarGenerator.Sample, noise: DeterministicNoise, auction: Bool) -> [SimulatedTick]
        {
            let cap =
                auction
                ? TickGenerator.auctionPrints + Int64(noise.bits(BarGenerator.Stream.tickAuction, second.start) % 500)
                : 4
            let prints = Int(auction ? min(second.volume, cap) : min(second.count, second.volume, cap))
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
