import MarketCalendar
import Testing

@Suite("CMECalendar")
struct CMECalendarTests {
    @Test("only New Year's Day, Good Friday and Christmas close Globex")
    func closures() {
        #expect(CMECalendar.closures(in: 2024).map(\.date.yyyyMMdd) == ["20240101", "20240329", "20241225"])
        #expect(CMECalendar.closures(in: 2021).map(\.date.yyyyMMdd) == ["20210101", "20210402", "20211224"])
        #expect(CMECalendar.closures(in: 2022).map(\.date.yyyyMMdd) == ["20220415", "20221226"])
        #expect(CMECalendar.isTradingDay(day("20240115")))
        #expect(CMECalendar.isTradingDay(day("20241128")))
        #expect(!CMECalendar.isTradingDay(day("20240329")))
        #expect(!CMECalendar.isTradingDay(day("20240106")))
    }

    @Test("session end types")
    func sessionEnds() {
        #expect(CMECalendar.sessionEnd(on: day("20240115")) == .holiday)
        #expect(CMECalendar.sessionEnd(on: day("20241129")) == .early)
        #expect(CMECalendar.sessionEnd(on: day("20241127")) == .regular)
    }
}
