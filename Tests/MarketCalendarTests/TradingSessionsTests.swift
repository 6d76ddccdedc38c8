import MarketCalendar
import Testing

@Suite("TradingSessions")
struct TradingSessionsTests {
    @Test("US equity RTH across the 2024 DST change")
    func dstWeek() {
        let intervals = TradingSessions.intervals(
            kind: .usEquity,
            from: utc("20240304", 0),
            to: utc("20240316", 0),
            regularHoursOnly: true
        )
        var expected: [Range<Int64>] = []
        for date in ["20240304", "20240305", "20240306", "20240307", "20240308"] {
            expected.append(utc(date, 14, 30)..<utc(date, 21))
        }
        for date in ["20240311", "20240312", "20240313", "20240314", "20240315"] {
            expected.append(utc(date, 13, 30)..<utc(date, 20))
        }
        #expect(intervals == expected)
    }

    @Test("Thanksgiving week: holiday and 13:00 early close")
    func thanksgivingWeek() {
        let rth = TradingSessions.intervals(
            kind: .usEquity,
            from: utc("20241125", 0),
            to: utc("20241130", 0),
            regularHoursOnly: true
        )
        #expect(
            rth == [
                utc("20241125", 14, 30)..<utc("20241125", 21),
                utc("20241126", 14, 30)..<utc("20241126", 21),
                utc("20241127", 14, 30)..<utc("20241127", 21),
                utc("20241129", 14, 30)..<utc("20241129", 18),
            ]
        )
        let extended = TradingSessions.session(kind: .usEquity, tradingDay: day("20241129"), regularHoursOnly: false)
        #expect(extended?.interval == utc("20241129", 9)..<utc("20241129", 22))
        #expect(extended?.isShortened == true)
        #expect(TradingSessions.session(kind: .usEquity, tradingDay: day("20241128"), regularHoursOnly: false) == nil)
    }

    @Test("clipping to the requested range")
    func clipping() {
        let intervals = TradingSessions.intervals(
            kind: .usEquity,
            from: utc("20240702", 15),
            to: utc("20240703", 16),
            regularHoursOnly: true
        )
        // July 3 2024 closes at 13:00 EDT = 17:00Z.
        #expect(
            intervals == [utc("20240702", 15)..<utc("20240702", 20), utc("20240703", 13, 30)..<utc("20240703", 16)]
        )
        #expect(TradingSessions.intervals(kind: .usEquity, from: 10, to: 10, regularHoursOnly: true).isEmpty)
    }

    @Test("index hours")
    func index() {
        let session = TradingSessions.session(kind: .usIndex, tradingDay: day("20240105"), regularHoursOnly: false)
        #expect(session?.interval == utc("20240105", 14, 30)..<utc("20240105", 21, 15))
    }

    @Test("FX weekend gap and continuous weekdays")
    func forex() {
        let intervals = TradingSessions.intervals(
            kind: .forex24x5,
            from: utc("20240307", 0),
            to: utc("20240312", 0),
            regularHoursOnly: true
        )
        // Friday 17:00 EST = 22:00Z; Sunday 17:00 EDT (after the DST switch that morning) = 21:00Z.
        #expect(intervals == [utc("20240307", 0)..<utc("20240308", 22), utc("20240310", 21)..<utc("20240312", 0)])
        let monday = TradingSessions.session(kind: .forex24x5, tradingDay: day("20240311"), regularHoursOnly: false)
        #expect(monday?.interval == utc("20240310", 21)..<utc("20240311", 21))
        #expect(TradingSessions.session(kind: .forex24x5, tradingDay: day("20240309"), regularHoursOnly: false) == nil)
    }

    @Test("CME daily halt and RTH")
    func cmeHalt() {
        let all = TradingSessions.intervals(
            kind: .cmeEquityFutures,
            from: utc("20240610", 0),
            to: utc("20240613", 0),
            regularHoursOnly: false
        )
        #expect(
            all == [
                utc("20240610", 0)..<utc("20240610", 21),
                utc("20240610", 22)..<utc("20240611", 21),
                utc("20240611", 22)..<utc("20240612", 21),
                utc("20240612", 22)..<utc("20240613", 0),
            ]
        )
        let rth = TradingSessions.session(kind: .cmeEquityFutures, tradingDay: day("20240611"), regularHoursOnly: true)
        #expect(rth?.interval == utc("20240611", 13, 30)..<utc("20240611", 20, 15))
    }

    @Test("CME Good Friday closure and Thanksgiving shortened sessions")
    func cmeHolidays() {
        let easter = TradingSessions.intervals(
            kind: .cmeEquityFutures,
            from: utc("20240328", 0),
            to: utc("20240401", 0),
            regularHoursOnly: false
        )
        #expect(easter == [utc("20240328", 0)..<utc("20240328", 21), utc("20240331", 22)..<utc("20240401", 0)])
        let thursday = TradingSessions.session(
            kind: .cmeEquityFutures,
            tradingDay: day("20241128"),
            regularHoursOnly: false
        )
        #expect(thursday?.interval == utc("20241127", 23)..<utc("20241128", 18))
        let friday = TradingSessions.session(
            kind: .cmeEquityFutures,
            tradingDay: day("20241129"),
            regularHoursOnly: false
        )
        #expect(friday?.interval == utc("20241128", 23)..<utc("20241129", 18, 15))
        #expect(friday?.isShortened == true)
    }

    @Test("crypto never closes")
    func crypto() {
        let from = utc("20240308", 5)
        let to = utc("20240318", 7)
        #expect(
            TradingSessions.intervals(kind: .crypto24x7, from: from, to: to, regularHoursOnly: false) == [from..<to]
        )
        #expect(TradingSessions.intervals(kind: .crypto24x7, from: from, to: to, regularHoursOnly: true) == [from..<to])
    }

    @Test("ten years of sessions are ordered, disjoint and complete", arguments: SessionKind.allCases)
    func tenYears(kind: SessionKind) {
        let from = utc("20150101", 0)
        let to = utc("20250101", 0)
        for regular in [true, false] {
            let sessions = TradingSessions.sessions(kind: kind, from: from, to: to, regularHoursOnly: regular)
            let days = TradingSessions.tradingDays(kind: kind, from: day("20141231"), through: day("20250101"))
            #expect(sessions.count >= days.count - 2 && sessions.count <= days.count)
            for (earlier, later) in zip(sessions, sessions.dropFirst()) {
                #expect(earlier.tradingDay < later.tradingDay)
                #expect(earlier.interval.upperBound <= later.interval.lowerBound)
            }
            let intervals = TradingSessions.intervals(kind: kind, from: from, to: to, regularHoursOnly: regular)
            for (earlier, later) in zip(intervals, intervals.dropFirst()) {
                #expect(earlier.upperBound < later.lowerBound)
            }
        }
    }
}
