import MarketCalendar
import Testing

@Suite("USTimeZone")
struct USTimeZoneTests {
    @Test("DST switch instants, old rule (2006)")
    func switches2006() {
        // 2006-04-02 02:00 EST = 07:00Z; 2006-10-29 02:00 EDT = 06:00Z; Central one hour later.
        #expect(USTimeZone.eastern.daylightSavingInterval(year: 2006) == 1_143_961_200..<1_162_101_600)
        #expect(USTimeZone.central.daylightSavingInterval(year: 2006) == 1_143_964_800..<1_162_105_200)
    }

    @Test("DST switch instants, current rule (2024)")
    func switches2024() {
        // 2024-03-10 02:00 EST = 07:00Z; 2024-11-03 02:00 EDT = 06:00Z; Central one hour later.
        #expect(USTimeZone.eastern.daylightSavingInterval(year: 2024) == 1_710_054_000..<1_730_613_600)
        #expect(USTimeZone.central.daylightSavingInterval(year: 2024) == 1_710_057_600..<1_730_617_200)
    }

    @Test("offsets on both sides of the switches")
    func offsets() {
        let eastern = USTimeZone.eastern
        #expect(eastern.utcOffset(at: 1_710_054_000 - 1) == -18_000)
        #expect(eastern.utcOffset(at: 1_710_054_000) == -14_400)
        #expect(eastern.utcOffset(at: 1_730_613_600 - 1) == -14_400)
        #expect(eastern.utcOffset(at: 1_730_613_600) == -18_000)
        #expect(USTimeZone.central.utcOffset(at: utc("20240701", 12)) == -18_000)
        #expect(USTimeZone.central.utcOffset(at: utc("20240101", 12)) == -21_600)
        #expect(eastern.daylightSavingInterval(year: 1960) == nil)
        // 1985 used the last Sunday of April.
        #expect(eastern.isDaylightSavingTime(at: utc("19850427", 12)) == false)
        #expect(eastern.isDaylightSavingTime(at: utc("19850428", 12)) == true)
    }

    @Test("wall clock to UTC, including the skipped and repeated hours")
    func wallClock() {
        let eastern = USTimeZone.eastern
        let hour: Int64 = 3_600
        #expect(eastern.utcInstant(date: day("20240701"), secondsOfDay: 9 * hour + 1_800) == utc("20240701", 13, 30))
        #expect(eastern.utcInstant(date: day("19801212"), secondsOfDay: 9 * hour + 1_800) == utc("19801212", 14, 30))
        #expect(eastern.utcInstant(date: day("20240310"), secondsOfDay: hour + 59 * 60) == utc("20240310", 6, 59))
        #expect(eastern.utcInstant(date: day("20240310"), secondsOfDay: 3 * hour) == utc("20240310", 7))
        // 02:30 does not exist on 2024-03-10: read as standard time, i.e. 03:30 EDT.
        #expect(eastern.utcInstant(date: day("20240310"), secondsOfDay: 2 * hour + 1_800) == utc("20240310", 7, 30))
        // 01:30 happens twice on 2024-11-03: the first (EDT) occurrence wins.
        #expect(eastern.utcInstant(date: day("20241103"), secondsOfDay: hour + 1_800) == utc("20241103", 5, 30))
        #expect(eastern.utcInstant(date: day("20241103"), secondsOfDay: 2 * hour) == utc("20241103", 7))
        #expect(USTimeZone.central.utcInstant(date: day("20240610"), secondsOfDay: 17 * hour) == utc("20240610", 22))
    }

    @Test("UTC to local date and time of day")
    func local() {
        let eastern = USTimeZone.eastern
        #expect(eastern.localDate(at: utc("20240310", 4, 30)) == day("20240309"))
        #expect(eastern.localSecondsOfDay(at: utc("20240310", 4, 30)) == 23 * 3_600 + 1_800)
        #expect(eastern.localDate(at: utc("20240310", 8)) == day("20240310"))
        #expect(eastern.localSecondsOfDay(at: utc("20240310", 8)) == 4 * 3_600)
        #expect(eastern.identifier == "US/Eastern")
        #expect(USTimeZone.central.identifier == "US/Central")
    }
}
