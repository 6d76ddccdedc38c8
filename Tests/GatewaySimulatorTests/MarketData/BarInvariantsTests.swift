import GatewaySimulator
import MarketCalendar
import TWSProtocol
import Testing

@Suite("BarGenerator: price invariants")
struct BarInvariantsTests {
    typealias Fixtures = MarketDataFixtures

    static let symbols = ["AAPL", "NVDA", "SPY", "EUR.USD", "USD.JPY", "ESZ4", "NQH5", "SPX", "BTC.USD"]

    @Test("OHLC ordering, tick grid and volume fields over thousands of bars", arguments: symbols)
    func invariants(localSymbol: String) throws {
        let instrument = try Fixtures.instrument(localSymbol)
        let generator = BarGenerator()
        let tick = instrument.priceText
        for whatToShow in SimulatedWhatToShow.allCases where instrument.supports(whatToShow) {
            let bars = generator.bars(
                instrument: instrument,
                barSize: .twoMinutes,
                whatToShow: whatToShow,
                useRTH: false,
                from: Fixtures.utc("20240902"),
                to: Fixtures.utc("20240914")
            )
            #expect(bars.count > 1_500, "\(localSymbol) \(whatToShow)")
            var previousStart = Int64.min
            for bar in bars {
                let open = Fixtures.value(bar.open)
                let high = Fixtures.value(bar.high)
                let low = Fixtures.value(bar.low)
                let close = Fixtures.value(bar.close)
                #expect(low > 0 && low <= open && low <= close && open <= high && close <= high, "\(bar)")
                #expect(bar.start > previousStart)
                previousStart = bar.start
                for text in [bar.open, bar.high, bar.low, bar.close] {
                    #expect(Fixtures.decimals(text) == tick.decimals, "\(text)")
                    let ticks = tick.ticks(nearest: Fixtures.value(text))
                    #expect(tick.text(ticks: ticks) == text, "\(text) off the tick grid")
                }
                if whatToShow.reportsVolume {
                    let volume = Fixtures.value(bar.volume)
                    let wap = Fixtures.value(bar.wap)
                    #expect(volume >= 0 && bar.count >= 0)
                    #expect(wap >= low - tick.minTick && wap <= high + tick.minTick, "\(bar)")
                    #expect(Fixtures.decimals(bar.volume) == instrument.volumeDecimals)
                } else {
                    #expect(bar.volume == "-1" && bar.wap == "-1" && bar.count == -1)
                }
            }
        }
    }

    @Test("prices stay plausible over decades")
    func longRange() throws {
        let apple = try Fixtures.instrument("AAPL")
        let bars = BarGenerator().bars(
            instrument: apple,
            barSize: .oneMonth,
            whatToShow: .trades,
            useRTH: true,
            from: Fixtures.utc("19810101"),
            to: Fixtures.utc("20260101")
        )
        #expect(bars.count == 45 * 12)
        for bar in bars {
            #expect(Fixtures.value(bar.low) > 0.5 && Fixtures.value(bar.high) < 2_000, "\(bar)")
        }
        let bitcoin = try Fixtures.instrument("BTC.USD")
        let day = BarGenerator().bars(
            instrument: bitcoin,
            barSize: .oneDay,
            whatToShow: .midpoint,
            useRTH: false,
            from: Fixtures.utc("20240301", 5),  // crypto days run from New York midnight
            to: Fixtures.utc("20240401", 4)
        )
        #expect(day.count == 31)
        #expect(day.allSatisfy { Fixtures.value($0.low) > 10_000 && Fixtures.value($0.high) < 400_000 })
    }

    @Test("volume is U-shaped through the regular session")
    func volumeProfile() throws {
        let apple = try Fixtures.instrument("AAPL")
        let from = Fixtures.utc("20240102")
        var first = 0
        var middle = 0
        var last = 0
        for day in 0..<4 {  // 2024-01-02 … 01-05
            let bars = BarGenerator().bars(
                instrument: apple,
                barSize: .thirtyMinutes,
                whatToShow: .trades,
                useRTH: true,
                from: from + Int64(day) * 86_400,
                to: from + Int64(day + 1) * 86_400
            )
            #expect(bars.count == 13)
            first += Int(bars.first?.volume ?? "") ?? 0
            middle += Int(bars[6].volume) ?? 0
            last += Int(bars.last?.volume ?? "") ?? 0
        }
        #expect(first > 2 * middle)
        #expect(last > middle)
    }

    @Test("BID_ASK: open is the average bid and close the average ask, inside the quote range")
    func bidAsk() throws {
        let euro = try Fixtures.instrument("EUR.USD")
        let generator = BarGenerator()
        let window = (Fixtures.utc("20240312", 12), Fixtures.utc("20240312", 16))
        let quotes = generator.bars(
            instrument: euro,
            barSize: .fiveMinutes,
            whatToShow: .bidAsk,
            useRTH: false,
            from: window.0,
            to: window.1
        )
        let bids = generator.bars(
            instrument: euro,
            barSize: .fiveMinutes,
            whatToShow: .bid,
            useRTH: false,
            from: window.0,
            to: window.1
        )
        let asks = generator.bars(
            instrument: euro,
            barSize: .fiveMinutes,
            whatToShow: .ask,
            useRTH: false,
            from: window.0,
            to: window.1
        )
        #expect(quotes.count == 48 && bids.count == 48 && asks.count == 48)
        for ((quote, bid), ask) in zip(zip(quotes, bids), asks) {
            #expect(quote.start == bid.start && quote.start == ask.start)
            #expect(quote.high == ask.high && quote.low == bid.low)
            #expect(Fixtures.value(quote.open) < Fixtures.value(quote.close))
            #expect(
                Fixtures.value(quote.open) >= Fixtures.value(bid.low)
                    && Fixtures.value(quote.open) <= Fixtures.value(bid.high)
            )
            #expect(
                Fixtures.value(quote.close) >= Fixtures.value(ask.low)
                    && Fixtures.value(quote.close) <= Fixtures.value(ask.high)
            )
            #expect(quote.volume == "-1" && quote.count == -1)
        }
    }

    @Test("ADJUSTED_LAST is below TRADES before the adjustment date and has the same shape")
    func adjusted() throws {
        let apple = try Fixtures.instrument("AAPL")
        let generator = BarGenerator()
        let from = Fixtures.utc("20200601")
        let to = Fixtures.utc("20200701")
        let trades = generator.bars(
            instrument: apple,
            barSize: .oneDay,
            whatToShow: .trades,
            useRTH: true,
            from: from,
            to: to
        )
        let adjusted = generator.bars(
            instrument: apple,
            barSize: .oneDay,
            whatToShow: .adjustedLast,
            useRTH: true,
            from: from,
            to: to
        )
        #expect(trades.count == 22 && adjusted.count == 22)
        for (raw, adjustedBar) in zip(trades, adjusted) {
            let ratio = Fixtures.value(adjustedBar.close) / Fixtures.value(raw.close)
            #expect(ratio > 0.9 && ratio < 0.97)
            #expect(raw.volume == adjustedBar.volume)
        }
    }
}
