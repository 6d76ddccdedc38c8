import MarketCalendar
import Testing

@Suite("NYSECalendar")
struct NYSECalendarTests {
    static let holidayLists: [(Int, [String])] = [
        (1997, ["19970101", "19970217", "19970328", "19970526", "19970704", "19970901", "19971127", "19971225"]),
        (
            2001,
            [
                "20010101", "20010115", "20010219", "20010413", "20010528", "20010704", "20010903", "20010911",
                "20010912", "20010913", "20010914", "20011122", "20011225",
            ]
        ),
        // Closed for President Reagan's funeral; Christmas (a Saturday) observed on Friday the 24th.
        (
            2004,
            [
                "20040101", "20040119", "20040216", "20040409", "20040531", "20040611", "20040705", "20040906",
                "20041125", "20041224",
            ]
        ),
        // Closed for the national day of mourning for President Ford.
        (
            2007,
            [
                "20070101", "20070102", "20070115", "20070219", "20070406", "20070528", "20070704", "20070903",
                "20071122", "20071225",
            ]
        ),
        (
            2012,
            [
                "20120102", "20120116", "20120220", "20120406", "20120528", "20120704", "20120903", "20121029",
                "20121030", "20121122", "20121225",
            ]
        ),
        (
            2015,
            [
                "20150101", "20150119", "20150216", "20150403", "20150525", "20150703", "20150907", "20151126",
                "20151225",
            ]
        ),
        (
            2020,
            [
                "20200101", "20200120", "20200217", "20200410", "20200525", "20200703", "20200907", "20201126",
                "20201225",
            ]
        ),
        // New Year's Day 2022 is a Saturday: not observed on Friday 2021-12-31.
        (
            2021,
            [
                "20210101", "20210118", "20210215", "20210402", "20210531", "20210705", "20210906", "20211125",
                "20211224",
            ]
        ),
        (
            2022,
            [
                "20220117", "20220221", "20220415", "20220530", "20220620", "20220704", "20220905", "20221124",
                "20221226",
            ]
        ),
        (
            2024,
            [
                "20240101", "20240115", "20240219", "20240329", "20240527", "20240619", "20240704", "20240902",
                "20241128", "20241225",
            ]
        ),
        (
            2025,
            [
                "20250101", "20250109", "20250120", "20250217", "20250418", "20250526", "20250619", "20250704",
                "20250901", "20251127", "20251225",
            ]
        ),
        (
            2027,
            [
                "20270101", "20270118", "20270215", "20270326", "20270531", "20270618", "20270705", "20270906",
                "20271125", "20271224",
            ]
        ),
        (
            2030,
            [
                "20300101", "20300121", "20300218", "20300419", "20300527", "20300619", "20300704", "20300902",
                "20301128", "20301225",
            ]
        ),
    ]

    @Test("full holiday lists", arguments: holidayLists)
    func holidayList(year: Int, expected: [String]) {
        #expect(NYSECalendar.holidays(in: year).map(\.date.yyyyMMdd) == expected)
    }

    @Test("holiday names")
    func names() {
        let names = NYSECalendar.holidays(in: 2027).map(\.name)
        #expect(
            names == [
                "New Year's Day", "Martin Luther King Jr. Day", "Washington's Birthday", "Good Friday", "Memorial Day",
                "Juneteenth (observed)", "Independence Day (observed)", "Labor Day", "Thanksgiving Day",
                "Christmas Day (observed)",
            ]
        )
        #expect(NYSECalendar.holidayName(on: day("20250109")) == "National Day of Mourning for President Carter")
        #expect(NYSECalendar.holidayName(on: day("20240106")) == nil)
    }

    @Test(
        "Good Friday is a holiday",
        arguments: ["19900413", "20000421", "20080321", "20150403", "20160325", "20190419", "20240329", "20350323"]
    )
    func goodFriday(_ date: String) {
        #expect(NYSECalendar.holidayName(on: day(date)) == "Good Friday")
        #expect(!NYSECalendar.isTradingDay(day(date)))
    }

    @Test("Saturday New Year's Day is never observed on Friday")
    func saturdayNewYear() {
        for friday in ["19931231", "19991231", "20041231", "20101231", "20211231", "20271231", "20321231"] {
            #expect(day(friday).weekday == .friday)
            #expect(NYSECalendar.isTradingDay(day(friday)), "\(friday)")
        }
    }

    @Test("trading days")
    func tradingDays() {
        #expect(NYSECalendar.isTradingDay(day("20240102")))
        #expect(!NYSECalendar.isTradingDay(day("20240106")))
        #expect(!NYSECalendar.isTradingDay(day("20240107")))
        #expect(!NYSECalendar.isTradingDay(day("19940427")))
        #expect(NYSECalendar.isTradingDay(day("20210618")))  // Juneteenth only from 2022
        #expect(NYSECalendar.isTradingDay(day("19970120")))  // MLK Day only from 1998
        #expect(!NYSECalendar.isTradingDay(day("19980119")))
    }

    @Test("trading-day counts per year")
    func counts() {
        let expected = [2020: 253, 2021: 252, 2022: 251, 2023: 250, 2024: 252]
        for (year, count) in expected {
            let days = TradingSessions.tradingDays(
                kind: .usEquity,
                from: day("\(year)0101"),
                through: day("\(year)1231")
            )
            #expect(days.count == count, "\(year)")
        }
    }

    @Test("early closes")
    func earlyCloses() {
        let expected: [Int: [String]] = [
            2015: ["20151127", "20151224"],
            2018: ["20180703", "20181123", "20181224"],
            2019: ["20190703", "20191129", "20191224"],
            2020: ["20201127", "20201224"],
            2021: ["20211126"],
            2022: ["20221125"],
            2024: ["20240703", "20241129", "20241224"],
            2025: ["20250703", "20251128", "20251224"],
            2026: ["20261127", "20261224"],
        ]
        for (year, dates) in expected {
            #expect(NYSECalendar.earlyCloses(in: year).map(\.yyyyMMdd) == dates, "\(year)")
        }
        #expect(!NYSECalendar.earlyClose(on: day("20241128")))
        #expect(!NYSECalendar.earlyClose(on: day("20240702")))
    }
}
