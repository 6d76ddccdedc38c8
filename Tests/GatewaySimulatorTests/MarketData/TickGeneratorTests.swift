import GatewaySimulator
import MarketCalendar
import TWSProtocol
import Testing

@Suite("TickGenerator")
struct TickGeneratorTests {
    typealias Fixtures = MarketDataFixtures
    let ticks = TickGenerator()

    @Test("trades: deterministic, in session, inside their 1-second bars")
    func trades() throws {
        let apple = try Fixtures.instrument("AAPL")
        let start = Fixtures.utc("20240312", 13, 25)
        let first = ticks.ticks(
            instrument: apple,
            whatToShow: .trades,
            start: start,
            end: nil,
            count: 1_000,
            useRTH: true
        )
        let second = TickGenerator().ticks(
            instrument: apple,
            whatToShow: .trades,
            start: start,
            end: nil,
            count: 1_000,
            useRTH: true
        )
        // The page starts with the opening auction: one second of more than 1000 prints, all of it returned.
        let open = Fixtures.utc("20240312", 13, 30)
        #expect(first.count > 1_000)
        #expect(first.allSatisfy { $0.time == open })
        #expect(first == second)
        #expect(first.first.map { $0.time >= open } == true)
        #expect(zip(first, first.dropFirst()).allSatisfy { $0.time <= $1.time })
        let last = try #require(first.last)
        let bars = BarGenerator().bars(
            instrument: apple,
            barSize: .oneSecond,
            whatToShow: .trades,
            useRTH: true,
            from: open,
            to: last.time + 1
        )
        let byStart = Dictionary(uniqueKeysWithValues: bars.map { ($0.start, $0) })
        for tick in first {
            let bar = try #require(byStart[tick.time])
            let price = Fixtures.value(tick.price)
            #expect(price >= Fixtures.value(bar.low) && price <= Fixtures.value(bar.high), "\(tick) vs \(bar)")
            #expect((Int(tick.size) ?? 0) > 0)
            #expect(tick.bidPrice == nil)
        }
    }

    @Test("a full page finishes its last second, or stops at the count under the exact rule")
    func pageRules() throws {
        let apple = try Fixtures.instrument("AAPL")
        let start = Fixtures.utc("20240312", 14)
        func page(_ rule: TickGenerator.PageRule, count: Int) -> [SimulatedTick] {
            TickGenerator(pageRule: rule).ticks(
                instrument: apple,
                whatToShow: .trades,
                start: start,
                end: nil,
                count: count,
                useRTH: true
            )
        }
        let exact = page(.exact, count: 1_000)
        let finished = page(.finishSecond, count: 1_000)
        let longer = page(.exact, count: 1_000 + 10)
        #expect(exact.count == 1_000)
        #expect(Array(finished.prefix(1_000)) == exact)
        let lastSecond = try #require(exact.last?.time)
        // Finishing the second adds exactly the rest of that second: what a longer page holds for it.
        #expect(finished.dropFirst(1_000).allSatisfy { $0.time == lastSecond })
        #expect(finished.filter { $0.time == lastSecond } == longer.filter { $0.time == lastSecond })
    }

    @Test("the auctions are seconds of more than 1000 trades whose sizes add up to the second's volume")
    func auctions() throws {
        let apple = try Fixtures.instrument("AAPL")
        let open = Fixtures.utc("20240312", 13, 30)
        let close = Fixtures.utc("20240312", 20)
        for second in [open, close - 1] {
            let prints = TickGenerator(pageRule: .exact).ticks(
                instrument: apple,
                whatToShow: .trades,
                start: second,
                end: second,
                count: 5_000,
                useRTH: true
            )
            #expect(prints.count > 1_000 && prints.count < 1_500, "\(prints.count) prints at \(second)")
            let bar = try #require(
                BarGenerator().bars(
                    instrument: apple,
                    barSize: .oneSecond,
                    whatToShow: .trades,
                    useRTH: true,
                    from: second,
                    to: second + 1
                ).first
            )
            #expect(prints.map { Fixtures.value($0.size) }.reduce(0, +) == Fixtures.value(bar.volume))
        }
    }

    @Test("a request returns one session only: a page near the close ends at the close")
    func oneSessionPerRequest() throws {
        let apple = try Fixtures.instrument("AAPL")
        let close = Fixtures.utc("20240312", 20)
        func page(from start: Int64, to end: Int64? = nil, count: Int = 1_000) -> [SimulatedTick] {
            ticks.ticks(instrument: apple, whatToShow: .trades, start: start, end: end, count: count, useRTH: true)
        }
        // The rest of the session (the closing auction included) and nothing of the next one.
        let rest = page(from: close - 30)
        #expect(rest == page(from: close - 30, to: close - 1, count: 100_000))
        #expect(rest.last?.time == close - 1)
        // Starting when the market is closed gives the next session, from its open.
        let next = page(from: close)
        #expect(next.first?.time == Fixtures.utc("20240313", 13, 30))
    }

    @Test("trades print inside the quotes BID_ASK ticks report, nearly always")
    func tradesInsideQuotes() throws {
        let apple = try Fixtures.instrument("AAPL")
        let start = Fixtures.utc("20240312", 14)
        let generator = TickGenerator(pageRule: .exact)
        func ticks(_ what: SimulatedWhatToShow, from: Int64) -> [SimulatedTick] {
            generator.ticks(
                instrument: apple,
                whatToShow: what,
                start: from,
                end: start + 1_800,
                count: 1_000_000,
                useRTH: true
            )
        }
        let trades = ticks(.trades, from: start)
        let quotes = ticks(.bidAsk, from: start - 600)
        var quoteIndex = 0
        var inside = 0
        for trade in trades {
            // The quote in force as the trade's second began, and the one it ended with (IB stamps whole seconds).
            while quoteIndex + 1 < quotes.count, quotes[quoteIndex + 1].time < trade.time { quoteIndex += 1 }
            let candidates = [quotes[quoteIndex]] + quotes[(quoteIndex + 1)...].prefix { $0.time == trade.time }
            let price = Fixtures.value(trade.price)
            if candidates.contains(where: {
                price >= Fixtures.value($0.bidPrice ?? "") - 1e-9 && price <= Fixtures.value($0.askPrice ?? "") + 1e-9
            }) {
                inside += 1
            }
        }
        #expect(trades.count > 5_000)
        // Not all: a minute's high and low print once beyond the quote, and a print between a second's first and
        // last trade can fall outside both quotes when the quote moved within the second (as on a fast market).
        #expect(Double(inside) / Double(trades.count) > 0.95, "\(inside) of \(trades.count) inside the quote")
    }

    @Test("end-anchored requests return the last ticks before the end, across the weekend")
    func backward() throws {
        let apple = try Fixtures.instrument("AAPL")
        let end = Fixtures.utc("20240310", 12)  // Sunday
        let result = ticks.ticks(
            instrument: apple,
            whatToShow: .midpoint,
            start: nil,
            end: end,
            count: 50,
            useRTH: true
        )
        #expect(result.count == 50)
        let close = Fixtures.utc("20240308", 21)  // Friday 16:00 EST
        #expect(result.allSatisfy { $0.time < close && $0.time > close - 3_600 })
        #expect(zip(result, result.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(result.allSatisfy { $0.size == "0" })
        let forward = ticks.ticks(
            instrument: apple,
            whatToShow: .midpoint,
            start: result[0].time,
            end: nil,
            count: 50,
            useRTH: true
        )
        #expect(forward == result)
    }

    @Test("BID_ASK ticks quote around the midpoint")
    func quotes() throws {
        let euro = try Fixtures.instrument("EUR.USD")
        let start = Fixtures.utc("20240312", 9)
        let result = ticks.ticks(
            instrument: euro,
            whatToShow: .bidAsk,
            start: start,
            end: start + 600,
            count: 1_000,
            useRTH: false
        )
        #expect(!result.isEmpty && result.count <= 601)
        for tick in result {
            let bid = Fixtures.value(tick.bidPrice ?? "")
            let ask = Fixtures.value(tick.askPrice ?? "")
            #expect(bid < ask)
            #expect(Fixtures.value(tick.price) > bid && Fixtures.value(tick.price) < ask)
            #expect(tick.time >= start && tick.time <= start + 600)
            #expect((Int(tick.bidSize ?? "") ?? 0) >= 1_000_000)
        }
    }

    @Test("no ticks outside sessions, for unsupported series, or without a bound")
    func empty() throws {
        let apple = try Fixtures.instrument("AAPL")
        let saturday = Fixtures.utc("20240309", 15)
        #expect(
            ticks.ticks(
                instrument: apple,
                whatToShow: .trades,
                start: saturday,
                end: saturday + 3_600,
                count: 10,
                useRTH: false
            ).isEmpty
        )
        #expect(
            ticks.ticks(instrument: apple, whatToShow: .bid, start: saturday, end: nil, count: 10, useRTH: false)
                .isEmpty
        )
        #expect(
            ticks.ticks(instrument: apple, whatToShow: .trades, start: nil, end: nil, count: 10, useRTH: false).isEmpty
        )
        #expect(
            ticks.ticks(instrument: apple, whatToShow: .trades, start: saturday, end: nil, count: 0, useRTH: false)
                .isEmpty
        )
        let before = ticks.ticks(
            instrument: apple,
            whatToShow: .trades,
            start: nil,
            end: apple.headTimestamp - 1,
            count: 10,
            useRTH: false
        )
        #expect(before.isEmpty)
    }
}
