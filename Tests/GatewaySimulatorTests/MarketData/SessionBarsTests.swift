import GatewaySimulator
import MarketCalendar
import TWSProtocol
import Testing

@Suite("BarGenerator: sessions, holidays and calendar bars")
struct SessionBarsTests {
    typealias Fixtures = MarketDataFixtures
    let generator = BarGenerator()

    @Test("stocks have no bars on weekends or holidays")
    func stockClosures() throws {
        let apple = try Fixtures.instrument("AAPL")
        // Thursday before Good Friday 2024 through Monday.
        let bars = generator.bars(
            instrument: apple,
            barSize: .oneHour,
            whatToShow: .trades,
            useRTH: false,
            from: Fixtures.utc("20240328"),
            to: Fixtures.utc("20240402")
        )
        let days = Set(bars.map { USTimeZone.eastern.localDate(at: $0.start).yyyyMMdd })
        #expect(days == ["20240328", "20240401"])
        let weekend = generator.bars(
            instrument: apple,
            barSize: .oneSecond,
            whatToShow: .midpoint,
            useRTH: false,
            from: Fixtures.utc("20240330"),
            to: Fixtures.utc("20240330") + 2_000
        )
        #expect(weekend.isEmpty)
    }

    @Test("daily bars: one per trading day in a month with a holiday, stamped 00:00 UTC")
    func dailyJuly() throws {
        let apple = try Fixtures.instrument("AAPL")
        let bars = generator.bars(
            instrument: apple,
            barSize: .oneDay,
            whatToShow: .trades,
            useRTH: true,
            from: Fixtures.utc("20240701"),
            to: Fixtures.utc("20240801")
        )
        let expected = TradingSessions.tradingDays(
            kind: .usEquity,
            from: CivilDate(year: 2024, month: 7, day: 1) ?? CivilDate(daysSinceEpoch: 0),
            through: CivilDate(year: 2024, month: 7, day: 31) ?? CivilDate(daysSinceEpoch: 0)
        )
        #expect(bars.count == 22)
        #expect(bars.map(\.start) == expected.map(\.utcMidnight))
        #expect(!bars.map(\.start).contains(Fixtures.utc("20240704")))
        // The July 3 early close: its daily bar aggregates 09:30–13:00 only.
        let minutes = generator.bars(
            instrument: apple,
            barSize: .oneMinute,
            whatToShow: .trades,
            useRTH: true,
            from: Fixtures.utc("20240703"),
            to: Fixtures.utc("20240704")
        )
        #expect(minutes.count == 210)
        #expect(minutes.last?.start == Fixtures.utc("20240703", 16, 59))
        let aggregate = try #require(Fixtures.aggregate(minutes))
        let july3 = try #require(bars.first { $0.start == Fixtures.utc("20240703") })
        #expect(july3.close == aggregate.close && Int(july3.volume) == aggregate.volume)
    }

    @Test("weekly and monthly bars aggregate daily bars")
    func weeklyMonthly() throws {
        let spy = try Fixtures.instrument("SPY")
        let from = Fixtures.utc("20240101")
        let to = Fixtures.utc("20240401")
        let days = generator.bars(
            instrument: spy,
            barSize: .oneDay,
            whatToShow: .trades,
            useRTH: true,
            from: from,
            to: to
        )
        let weeks = generator.bars(
            instrument: spy,
            barSize: .oneWeek,
            whatToShow: .trades,
            useRTH: true,
            from: from,
            to: to
        )
        let months = generator.bars(
            instrument: spy,
            barSize: .oneMonth,
            whatToShow: .trades,
            useRTH: true,
            from: from,
            to: to
        )
        #expect(months.map(\.start) == [Fixtures.utc("20240102"), Fixtures.utc("20240201"), Fixtures.utc("20240301")])
        #expect(weeks.count == 13)
        #expect(weeks.first?.start == Fixtures.utc("20240102"))
        for month in months {
            let monthNumber = CivilDate(utcEpochSeconds: month.start).month
            let parts = days.filter { CivilDate(utcEpochSeconds: $0.start).month == monthNumber }
            let expected = try #require(Fixtures.aggregate(parts))
            #expect(month.open == expected.open && month.close == expected.close)
            #expect(month.high == expected.high && month.low == expected.low && Int(month.volume) == expected.volume)
        }
        for (week, next) in zip(weeks, weeks.dropFirst()) {
            let parts = days.filter { $0.start >= week.start && $0.start < next.start }
            let expected = try #require(Fixtures.aggregate(parts))
            #expect(week.open == expected.open && week.close == expected.close && week.count == expected.count)
        }
        // The week of 2024-03-25 continues past the window and is still reported whole.
        let lastWeek = try #require(weeks.last)
        #expect(lastWeek.start == Fixtures.utc("20240325"))
        let wholeWeek = generator.bars(
            instrument: spy,
            barSize: .oneWeek,
            whatToShow: .trades,
            useRTH: true,
            from: Fixtures.utc("20240327"),
            to: Fixtures.utc("20240406")
        )
        #expect(wholeWeek.first == lastWeek)
    }

    @Test("FX trades through Monday 00:00 UTC but not on Saturday")
    func forexWeekend() throws {
        let euro = try Fixtures.instrument("EUR.USD")
        let saturday = generator.bars(
            instrument: euro,
            barSize: .oneHour,
            whatToShow: .midpoint,
            useRTH: false,
            from: Fixtures.utc("20240309"),
            to: Fixtures.utc("20240310")
        )
        #expect(saturday.isEmpty)
        let monday = generator.bars(
            instrument: euro,
            barSize: .oneHour,
            whatToShow: .midpoint,
            useRTH: false,
            from: Fixtures.utc("20240311"),
            to: Fixtures.utc("20240312")
        )
        #expect(monday.count == 24)
        #expect(monday.first?.start == Fixtures.utc("20240311"))
        let sunday = generator.bars(
            instrument: euro,
            barSize: .oneHour,
            whatToShow: .midpoint,
            useRTH: true,
            from: Fixtures.utc("20240310"),
            to: Fixtures.utc("20240311")
        )
        #expect(
            sunday.map(\.start) == [
                Fixtures.utc("20240310", 21), Fixtures.utc("20240310", 22), Fixtures.utc("20240310", 23),
            ]
        )
        let daily = generator.bars(
            instrument: euro,
            barSize: .oneDay,
            whatToShow: .midpoint,
            useRTH: false,
            from: Fixtures.utc("20240304"),
            to: Fixtures.utc("20240311")
        )
        #expect(
            daily.map(\.start)
                == ["20240304", "20240305", "20240306", "20240307", "20240308", "20240311"].map { Fixtures.utc($0) }
        )
    }

    @Test("CME: daily halt, RTH, and no data after expiry or before listing")
    func futures() throws {
        let contract = try Fixtures.instrument("ESZ4")
        let minutes = generator.bars(
            instrument: contract,
            barSize: .oneMinute,
            whatToShow: .trades,
            useRTH: false,
            from: Fixtures.utc("20240611", 20),
            to: Fixtures.utc("20240611", 23)
        )
        #expect(minutes.count == 120)
        #expect(
            !minutes.contains { $0.start >= Fixtures.utc("20240611", 21) && $0.start < Fixtures.utc("20240611", 22) }
        )
        let rth = generator.bars(
            instrument: contract,
            barSize: .oneDay,
            whatToShow: .trades,
            useRTH: true,
            from: Fixtures.utc("20240611"),
            to: Fixtures.utc("20240612")
        )
        #expect(rth.count == 1)
        let expiry = generator.bars(
            instrument: contract,
            barSize: .oneMinute,
            whatToShow: .trades,
            useRTH: false,
            from: Fixtures.utc("20241220"),
            to: Fixtures.utc("20241221")
        )
        #expect(expiry.last?.start == Fixtures.utc("20241220", 14, 29))
        #expect(
            generator.bars(
                instrument: contract,
                barSize: .oneDay,
                whatToShow: .trades,
                useRTH: false,
                from: Fixtures.utc("20250101"),
                to: Fixtures.utc("20250201")
            ).isEmpty
        )
        #expect(
            generator.bars(
                instrument: contract,
                barSize: .oneDay,
                whatToShow: .trades,
                useRTH: false,
                from: Fixtures.utc("20220101"),
                to: Fixtures.utc("20231001")
            ).first?.start == Fixtures.utc("20230922")  // listed 456 days before expiry
        )
    }

    @Test("continuous futures follow the front contract, with volume moving at the roll")
    func continuous() throws {
        let continuous = try Fixtures.continuous("ES")
        let december = try Fixtures.instrument("ESZ4")
        let march = try Fixtures.instrument("ESH5")
        func dayBar(_ instrument: SimulatedInstrument, _ date: String) -> SimulatedBar? {
            generator.bars(
                instrument: instrument,
                barSize: .oneDay,
                whatToShow: .trades,
                useRTH: true,
                from: Fixtures.utc(date),
                to: Fixtures.utc(date) + 86_400
            ).first
        }
        let before = try #require(dayBar(continuous, "20241204"))
        let beforeFront = try #require(dayBar(december, "20241204"))
        let beforeBack = try #require(dayBar(march, "20241204"))
        #expect(before == beforeFront)
        #expect(Fixtures.value(beforeBack.close) > Fixtures.value(beforeFront.close))
        #expect(Int(beforeBack.volume) ?? 0 < (Int(beforeFront.volume) ?? 0) / 5)
        let after = try #require(dayBar(continuous, "20241216"))
        let afterFront = try #require(dayBar(march, "20241216"))
        #expect(after == afterFront)
    }
}
