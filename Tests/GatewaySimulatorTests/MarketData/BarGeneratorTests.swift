import GatewaySimulator
import MarketCalendar
import TWSProtocol
import Testing

@Suite("BarGenerator: determinism, windows, aggregation")
struct BarGeneratorTests {
    typealias Fixtures = MarketDataFixtures
    let generator = BarGenerator()

    @Test("same inputs give the same bars")
    func deterministic() throws {
        let apple = try Fixtures.instrument("AAPL")
        let from = Fixtures.utc("20240312")
        let to = Fixtures.utc("20240313")
        let first = generator.bars(
            instrument: apple,
            barSize: .oneMinute,
            whatToShow: .trades,
            useRTH: false,
            from: from,
            to: to
        )
        let second = BarGenerator().bars(
            instrument: apple,
            barSize: .oneMinute,
            whatToShow: .trades,
            useRTH: false,
            from: from,
            to: to
        )
        #expect(first.count == 960)  // 04:00–20:00 New York
        #expect(first == second)
        let again = generator.bars(
            instrument: apple,
            barSize: .oneDay,
            whatToShow: .trades,
            useRTH: true,
            from: from,
            to: to
        )
        #expect(again.count == 1)
        #expect(
            again
                == generator.bars(
                    instrument: apple,
                    barSize: .oneDay,
                    whatToShow: .trades,
                    useRTH: true,
                    from: from,
                    to: to
                )
        )
    }

    @Test(
        "a bar does not depend on the request window",
        arguments: [BarSizeSetting.oneMinute, .fiveMinutes, .oneHour, .fourHours]
    )
    func windowIndependence(size: BarSizeSetting) throws {
        let apple = try Fixtures.instrument("AAPL")
        let day = generator.bars(
            instrument: apple,
            barSize: size,
            whatToShow: .trades,
            useRTH: false,
            from: Fixtures.utc("20240312"),
            to: Fixtures.utc("20240313")
        )
        let week = generator.bars(
            instrument: apple,
            barSize: size,
            whatToShow: .trades,
            useRTH: false,
            from: Fixtures.utc("20240308"),
            to: Fixtures.utc("20240316")
        )
        let sameDay = week.filter { $0.start >= Fixtures.utc("20240312") && $0.start < Fixtures.utc("20240313") }
        #expect(!day.isEmpty)
        #expect(day == sameDay)
        // A window of one second inside a bar returns that whole bar.
        let probe = Fixtures.utc("20240312", 14, 7) + 13
        let single = generator.bars(
            instrument: apple,
            barSize: size,
            whatToShow: .trades,
            useRTH: false,
            from: probe,
            to: probe + 1
        )
        #expect(single.count == 1)
        if let bar = single.first {
            #expect(day.contains(bar))
        }
    }

    @Test("sub-minute bars do not depend on the window either")
    func subMinuteWindows() throws {
        let euro = try Fixtures.instrument("EUR.USD")
        let from = Fixtures.utc("20240312", 10)
        let wide = generator.bars(
            instrument: euro,
            barSize: .fiveSeconds,
            whatToShow: .midpoint,
            useRTH: false,
            from: from,
            to: from + 2_000
        )
        let narrow = generator.bars(
            instrument: euro,
            barSize: .fiveSeconds,
            whatToShow: .midpoint,
            useRTH: false,
            from: from + 997,
            to: from + 1_203
        )
        #expect(wide.count == 400)
        #expect(narrow.first?.start == from + 995)
        #expect(narrow.count == 42)
        #expect(wide.filter { $0.start >= from + 995 && $0.start < from + 1_205 } == narrow)
    }

    @Test("5-minute and daily bars aggregate 1-minute bars over an RTH day")
    func aggregation() throws {
        for symbol in ["AAPL", "ESZ4", "SPY"] {
            let instrument = try Fixtures.instrument(symbol)
            let from = Fixtures.utc("20240311")
            let to = Fixtures.utc("20240312")
            let minutes = generator.bars(
                instrument: instrument,
                barSize: .oneMinute,
                whatToShow: .trades,
                useRTH: true,
                from: from,
                to: to
            )
            let fives = generator.bars(
                instrument: instrument,
                barSize: .fiveMinutes,
                whatToShow: .trades,
                useRTH: true,
                from: from,
                to: to
            )
            #expect(minutes.count == 5 * fives.count, "\(symbol)")
            for five in fives {
                let parts = minutes.filter { $0.start >= five.start && $0.start < five.start + 300 }
                let expected = try #require(Fixtures.aggregate(parts))
                #expect(five.open == expected.open && five.close == expected.close, "\(symbol) \(five)")
                #expect(five.high == expected.high && five.low == expected.low, "\(symbol) \(five)")
                #expect(Int(five.volume) == expected.volume && five.count == expected.count, "\(symbol) \(five)")
            }
            let daily = generator.bars(
                instrument: instrument,
                barSize: .oneDay,
                whatToShow: .trades,
                useRTH: true,
                from: from,
                to: to
            )
            let day = try #require(daily.first)
            let expected = try #require(Fixtures.aggregate(minutes))
            #expect(daily.count == 1)
            #expect(day.start == Fixtures.utc("20240311"))
            #expect(day.open == expected.open && day.close == expected.close && day.high == expected.high)
            #expect(day.low == expected.low && Int(day.volume) == expected.volume && day.count == expected.count)
        }
    }

    @Test("MIDPOINT hourly bars aggregate MIDPOINT minutes, all hours")
    func midpointAggregation() throws {
        let future = try Fixtures.continuous("NQ")
        let from = Fixtures.utc("20240611")
        let to = Fixtures.utc("20240612")
        let minutes = generator.bars(
            instrument: future,
            barSize: .oneMinute,
            whatToShow: .midpoint,
            useRTH: false,
            from: from,
            to: to
        )
        let hours = generator.bars(
            instrument: future,
            barSize: .oneHour,
            whatToShow: .midpoint,
            useRTH: false,
            from: from,
            to: to
        )
        #expect(hours.count == 23)  // the 21:00Z hour is the CME daily halt
        for hour in hours {
            let parts = minutes.filter { $0.start >= hour.start && $0.start < hour.start + 3_600 }
            let expected = try #require(Fixtures.aggregate(parts))
            #expect(hour.open == expected.open && hour.close == expected.close)
            #expect(hour.high == expected.high && hour.low == expected.low)
            #expect(hour.volume == "-1" && hour.wap == "-1" && hour.count == -1)
        }
    }

    @Test("seconds aggregate exactly to their minute")
    func secondsToMinute() throws {
        let apple = try Fixtures.instrument("AAPL")
        let from = Fixtures.utc("20240312", 14, 30)
        let to = from + 600
        let minutes = generator.bars(
            instrument: apple,
            barSize: .oneMinute,
            whatToShow: .trades,
            useRTH: true,
            from: from,
            to: to
        )
        let seconds = generator.bars(
            instrument: apple,
            barSize: .oneSecond,
            whatToShow: .trades,
            useRTH: true,
            from: from,
            to: to
        )
        let thirties = generator.bars(
            instrument: apple,
            barSize: .thirtySeconds,
            whatToShow: .trades,
            useRTH: true,
            from: from,
            to: to
        )
        #expect(minutes.count == 10 && seconds.count == 600 && thirties.count == 20)
        for minute in minutes {
            for parts in [seconds, thirties].map({
                $0.filter { $0.start >= minute.start && $0.start < minute.start + 60 }
            }) {
                let expected = try #require(Fixtures.aggregate(parts))
                #expect(minute.open == expected.open && minute.close == expected.close && minute.high == expected.high)
                #expect(
                    minute.low == expected.low && Int(minute.volume) == expected.volume
                        && minute.count == expected.count
                )
            }
        }
    }

    @Test("hourly RTH bars start at the session open and end at the close")
    func partialBuckets() throws {
        let apple = try Fixtures.instrument("AAPL")
        let bars = generator.bars(
            instrument: apple,
            barSize: .oneHour,
            whatToShow: .trades,
            useRTH: true,
            from: Fixtures.utc("20240312"),
            to: Fixtures.utc("20240313")
        )
        // 09:30 EDT = 13:30Z, then 14:00Z … 19:00Z; the close is 20:00Z.
        #expect(
            bars.map(\.start) == [13, 14, 15, 16, 17, 18, 19].map { Fixtures.utc("20240312", $0, $0 == 13 ? 30 : 0) }
        )
        let eights = generator.bars(
            instrument: apple,
            barSize: .eightHours,
            whatToShow: .trades,
            useRTH: false,
            from: Fixtures.utc("20240312"),
            to: Fixtures.utc("20240313")
        )
        // Aligned to New York midnight: 04:00–08:00, 08:00–16:00, 16:00–20:00 local.
        #expect(
            eights.map(\.start) == [
                Fixtures.utc("20240312", 8), Fixtures.utc("20240312", 12), Fixtures.utc("20240312", 20),
            ]
        )
    }

    @Test("empty and inverted windows")
    func emptyWindows() throws {
        let apple = try Fixtures.instrument("AAPL")
        let time = Fixtures.utc("20240312", 15)
        #expect(
            generator.bars(
                instrument: apple,
                barSize: .oneMinute,
                whatToShow: .trades,
                useRTH: true,
                from: time,
                to: time
            ).isEmpty
        )
        #expect(
            generator.bars(
                instrument: apple,
                barSize: .oneMinute,
                whatToShow: .trades,
                useRTH: true,
                from: time,
                to: time - 60
            ).isEmpty
        )
    }

    @Test("extreme windows are clipped to the data range instead of trapping")
    func extremeWindows() throws {
        let contract = try Fixtures.instrument("ESZ4")
        let all = generator.bars(
            instrument: contract,
            barSize: .oneMonth,
            whatToShow: .midpoint,
            useRTH: true,
            from: .min,
            to: .max
        )
        #expect(all.count == 16)  // 2023-09 … 2024-12
        #expect(all.first?.start == Fixtures.utc("20230922"))
        let ticks = TickGenerator()
        #expect(
            ticks.ticks(instrument: contract, whatToShow: .trades, start: .max, end: nil, count: 5, useRTH: false)
                .isEmpty
        )
        #expect(
            ticks.ticks(instrument: contract, whatToShow: .trades, start: nil, end: .min, count: 5, useRTH: false)
                .isEmpty
        )
    }

    @Test("large requests return the expected number of bars (correctness only, no timing)")
    func largeRequests() throws {
        let future = try Fixtures.continuous("ES")
        let week = generator.bars(
            instrument: future,
            barSize: .oneMinute,
            whatToShow: .trades,
            useRTH: false,
            from: Fixtures.utc("20240610"),
            to: Fixtures.utc("20240615")
        )
        // Monday 00:00Z to Saturday 00:00Z: 5 sessions of 23 h, minus Sunday 22:00Z–Monday 00:00Z and Friday 21:00Z–24:00Z.
        #expect(week.count == 5 * 23 * 60 - 120)
        let year = generator.bars(
            instrument: future,
            barSize: .oneDay,
            whatToShow: .trades,
            useRTH: false,
            from: Fixtures.utc("20230101"),
            to: Fixtures.utc("20240101")
        )
        #expect(year.count == 260 - 3)  // 2023 weekdays minus New Year (observed Jan 2), Good Friday, Christmas
        let apple = try Fixtures.instrument("AAPL")
        let from = Fixtures.utc("20240312", 14)
        let seconds = generator.bars(
            instrument: apple,
            barSize: .oneSecond,
            whatToShow: .trades,
            useRTH: true,
            from: from,
            to: from + 2_000
        )
        #expect(seconds.count == 2_000)
    }
}
