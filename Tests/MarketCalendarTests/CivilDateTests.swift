import MarketCalendar
import Testing

@Suite("CivilDate")
struct CivilDateTests {
    @Test("validation rejects impossible dates")
    func validation() {
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2024, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 2024, month: 0, day: 1) == nil)
        #expect(CivilDate(year: 2024, month: 4, day: 31) == nil)
        #expect(CivilDate(year: 2024, month: 1, day: 0) == nil)
    }

    @Test("days since epoch match known instants")
    func epochDays() {
        #expect(day("19700101").daysSinceEpoch == 0)
        #expect(day("19691231").daysSinceEpoch == -1)
        #expect(day("20000101").daysSinceEpoch == 10_957)
        #expect(day("20240310").daysSinceEpoch == 19_792)
        #expect(day("20241103").daysSinceEpoch == 20_030)
        #expect(day("20240310").utcMidnight == 1_710_028_800)
        #expect(CivilDate(daysSinceEpoch: 10_957) == day("20000101"))
        #expect(CivilDate(utcEpochSeconds: -60) == day("19691231"))
        #expect(CivilDate(utcEpochSeconds: 1_710_054_000) == day("20240310"))
    }

    @Test("day counts round-trip over 1900–2100 and stay consecutive")
    func roundTrip() {
        var previous = day("18991231")
        for days in day("19000101").daysSinceEpoch...day("21001231").daysSinceEpoch {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            #expect(CivilDate(year: date.year, month: date.month, day: date.day) == date)
            #expect(previous < date)
            #expect(previous.adding(days: 1) == date)
            previous = date
        }
    }

    @Test("weekdays")
    func weekdays() {
        #expect(day("19700101").weekday == .thursday)
        #expect(day("20240101").weekday == .monday)
        #expect(day("20220101").weekday == .saturday)
        #expect(day("19690101").weekday == .wednesday)
        #expect(day("20271225").weekday == .saturday)
        #expect(Weekday.sunday.isWeekend && Weekday.saturday.isWeekend && !Weekday.friday.isWeekend)
    }

    @Test("adding days crosses months, leap days and years")
    func adding() {
        #expect(day("20240228").adding(days: 1) == day("20240229"))
        #expect(day("20230228").adding(days: 1) == day("20230301"))
        #expect(day("20241231").adding(days: 1) == day("20250101"))
        #expect(day("20250101").adding(days: -1) == day("20241231"))
        #expect(day("20240101").adding(days: 366) == day("20250101"))
        #expect(day("20240101").days(to: day("20250101")) == 366)
    }

    @Test("yyyyMMdd text")
    func text() {
        #expect(day("20241220").yyyyMMdd == "20241220")
        #expect(CivilDate(year: 987, month: 3, day: 4)?.yyyyMMdd == "09870304")
        #expect(day("20240105").description == "2024-01-05")
        for bad in [
            "2024010", "202401011", "2024-1-01", "20241301", "20240230", "2024010a", "+2024010", "", "２０２４０１０１",
        ] {
            #expect(CivilDate(yyyyMMdd: bad) == nil, "accepted \(bad)")
        }
    }

    @Test("nth and last weekday of a month")
    func weekdayRules() {
        #expect(CivilDate.nth(3, .monday, month: 1, year: 2024) == day("20240115"))
        #expect(CivilDate.nth(4, .thursday, month: 11, year: 2024) == day("20241128"))
        #expect(CivilDate.nth(3, .friday, month: 12, year: 2024) == day("20241220"))
        #expect(CivilDate.nth(5, .monday, month: 2, year: 2024) == nil)
        #expect(CivilDate.last(.monday, month: 5, year: 2024) == day("20240527"))
        #expect(CivilDate.last(.sunday, month: 10, year: 2006) == day("20061029"))
    }

    @Test(
        "Easter Sunday",
        arguments: [
            "19900415", "19990404", "20000423", "20080323", "20110424", "20150405", "20160327", "20190421",
            "20200412", "20210404", "20240331", "20250420", "20270328", "20350325", "20380425", "20290401",
        ]
    )
    func easter(_ expected: String) {
        let date = day(expected)
        #expect(CivilDate.easterSunday(year: date.year) == date)
        #expect(date.weekday == .sunday)
    }
}
