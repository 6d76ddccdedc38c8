import ChunkPlanning
import Testing

/// Exact plans over weekends, holidays, DST changes and year ends, computed by hand.
///
/// Times are UTC. New York is UTC−5 in winter (RTH 14:30–21:00Z) and UTC−4 in summer (13:30–20:00Z); DST 2024
/// started on 10 March and ended on 3 November; 2023 ended on 5 November. Each expectation's comment shows
/// the arithmetic.
@Suite("Planner: calendars")
struct PlannerCalendarTests: PlannerFixtures {
    @Test("1 secs: a regular session is 12 requests of up to 2000 S; Good Friday adds none")
    func oneSecondAroundGoodFriday() throws {
        // Thu 28 Mar 2024 (EDT): 13:30–20:00Z = 23 400 s = 11 × 2000 S back from the close, then 1400 S from the
        // open. Fri 29 Mar: closed.
        let result = try plan(
            [aapl],
            from: utc(2024, 3, 28),
            to: utc(2024, 3, 30),
            bar: "1 secs",
            rth: true,
            now: utc(2024, 4, 15)
        )
        let ends = (0..<12).map { step in
            PlannedChunk.endDateTimeText(utc(2024, 3, 28, 20) - Int64(11 - step) * 2_000)
        }
        #expect(requests(result) == ends.enumerated().map { "\($1) \($0 == 0 ? 1_400 : 2_000) S" })
        #expect(result.chunks.first?.windowStart == utc(2024, 3, 28, 13, 30))
        #expect(result.chunks.map(\.expectedBars) == [1_400] + Array(repeating: 2_000, count: 11))
        // Two days in fixed 2000 S spans would be 87 requests.
        #expect(result.savings.fixedSpanRequests == 87)
        #expect(result.savings.closedPeriods == 75)
    }

    @Test("5 secs across the March 2024 DST change: one request per session, whose close moves from 21:00Z to 20:00Z")
    func fiveSecondsAcrossSpringDST() throws {
        // Fri 8 Mar (EST) 14:30–21:00Z and Mon 11 Mar (EDT) 13:30–20:00Z: 23400 S each, back from the close.
        let result = try plan(
            [aapl],
            from: utc(2024, 3, 8),
            to: utc(2024, 3, 12),
            bar: "5 secs",
            rth: true,
            now: utc(2024, 4, 1)
        )
        #expect(requests(result) == ["20240308-21:00:00 23400 S", "20240311-20:00:00 23400 S"])
        #expect(result.chunks.map(\.expectedBars) == [4_680, 4_680])
        // 4 days = 4 spans of a day; the weekend saves 2.
        #expect(result.savings.fixedSpanRequests == 4)
        #expect(result.savings.closedPeriods == 2)
    }

    @Test("1 min RTH: a full week is one \"1 W\" request")
    func oneMinuteWeek() throws {
        // Mon 8 – Fri 12 Jan 2024; the window [Fri 5 21:00Z, Fri 12 21:00Z) holds exactly those five sessions.
        let result = try plan([aapl], from: utc(2024, 1, 8), to: utc(2024, 1, 13), bar: "1 min", rth: true)
        #expect(requests(result) == ["20240112-21:00:00 1 W"])
        #expect(result.chunks[0].windowStart == utc(2024, 1, 5, 21))
        #expect(result.chunks[0].expectedBars == 5 * 390)
    }

    @Test("1 min RTH over January 2024: weeks back from the last close, New Year and MLK Day skipped")
    func oneMinuteJanuary() throws {
        // Backwards from Wed 31 Jan 21:00Z in 7-day spans: Thu–Wed weeks (the MLK week has four sessions).
        // What is left, Tue 2 and Wed 3 Jan, fits "2 D" ([Mon 1 21:00Z, Wed 3 21:00Z), New Year's Day closed),
        // which holds two sessions where "1 W" would hold four.
        let result = try plan([aapl], from: utc(2024, 1, 1), to: utc(2024, 2, 1), bar: "1 min", rth: true)
        #expect(
            requests(result) == [
                "20240103-21:00:00 2 D", "20240110-21:00:00 1 W", "20240117-21:00:00 1 W",
                "20240124-21:00:00 1 W", "20240131-21:00:00 1 W",
            ]
        )
        #expect(result.chunks.map(\.expectedBars) == [780, 1_950, 1_560, 1_950, 1_950])
        #expect(result.savings.fixedSpanRequests == 5)
        #expect(result.savings.total == 0)
    }

    @Test("1 min RTH in Thanksgiving week 2023: \"5 D\" ending at the 13:00 early close")
    func oneMinuteThanksgiving() throws {
        // Mon 20 – Wed 22 Nov full sessions, Thu 23 closed, Fri 24 closes at 13:00 EST = 18:00Z.
        // "1 W" back from Fri 18:00Z would reach into Fri 17 Nov (18:00–21:00Z, 3 trading hours); "5 D" reaches
        // back to Sun 19 Nov 18:00Z and holds only the wanted 23 hours.
        let result = try plan([aapl], from: utc(2023, 11, 20), to: utc(2023, 11, 27), bar: "1 min", rth: true)
        #expect(requests(result) == ["20231124-18:00:00 5 D"])
        #expect(result.chunks[0].windowStart == utc(2023, 11, 19, 18))
        #expect(result.chunks[0].expectedBars == 3 * 390 + 210)
    }

    @Test("1 min RTH over Christmas 2023 and New Year 2024: three Friday-to-Friday weeks")
    func oneMinuteChristmasAndNewYear() throws {
        // Sessions: 18–22 Dec, 26–29 Dec (Christmas Monday closed), 2–5 Jan (New Year Monday closed). Each
        // holiday week holds four sessions either as "1 W" or as "4 D", and the tie goes to the larger unit.
        let result = try plan([aapl], from: utc(2023, 12, 18), to: utc(2024, 1, 6), bar: "1 min", rth: true)
        #expect(
            requests(result) == [
                "20231222-21:00:00 1 W", "20231229-21:00:00 1 W", "20240105-21:00:00 1 W",
            ]
        )
        #expect(result.chunks.map(\.expectedBars) == [1_950, 1_560, 1_560])
    }

    @Test("5 mins RTH over November 2023: Thanksgiving, the early close and the DST end in one \"5 W\"")
    func fiveMinutesNovember() throws {
        // From Wed 1 Nov 13:30Z (EDT) to Thu 30 Nov 21:00Z (EST) = 29 d 7.5 h → 5 W, the rule's span.
        // 21 sessions: 20 full (78 bars) and Fri 24 Nov to 13:00 (42 bars).
        let result = try plan([aapl], from: utc(2023, 11, 1), to: utc(2023, 12, 1), bar: "5 mins", rth: true)
        #expect(requests(result) == ["20231130-21:00:00 5 W"])
        #expect(result.chunks[0].expectedBars == 20 * 78 + 42)
    }

    @Test("5 mins RTH across 10 March 2024: two weeks end at the summer close, 20:00Z")
    func fiveMinutesAcrossSpringDST() throws {
        // From Mon 4 Mar 14:30Z to Fri 15 Mar 20:00Z = 11 d 5.5 h → "2 W" (D only below a week).
        let result = try plan([aapl], from: utc(2024, 3, 4), to: utc(2024, 3, 16), bar: "5 mins", rth: true)
        #expect(requests(result) == ["20240315-20:00:00 2 W"])
        #expect(result.chunks[0].expectedBars == 10 * 78)
    }

    @Test("1 hour RTH across Christmas, New Year and the year end: one \"9 W\"")
    func oneHourAcrossYearEnd() throws {
        // From Fri 1 Dec 2023 14:30Z to Wed 31 Jan 2024 21:00Z = 61 d 6.5 h → 9 W, far less than the rule's
        // "1 Y". 20 December and 21 January sessions, 7 hourly bars each (09:30, 10:00…15:00 buckets).
        let result = try plan([aapl], from: utc(2023, 12, 1), to: utc(2024, 2, 1), bar: "1 hour", rth: true)
        #expect(requests(result) == ["20240131-21:00:00 9 W"])
        #expect(result.chunks[0].expectedBars == 41 * 7)
    }

    @Test("1 day: a year of daily bars is one request")
    func oneDayYear() throws {
        // 2024: first session Tue 2 Jan, last Tue 31 Dec (close 21:00Z); 252 trading days.
        let result = try plan([aapl], from: utc(2024, 1, 1), to: utc(2025, 1, 1), bar: "1 day", rth: true)
        #expect(requests(result) == ["20241231-21:00:00 1 Y"])
        #expect(result.chunks[0].expectedBars == 252)
    }

    @Test("1 day: 2015–2024 needs a second request for Fri 2 Jan 2015, as 10 Y is 3650 days")
    func oneDayDecade() throws {
        // 10 Y back from Tue 31 Dec 2024 21:00Z ends at Sat 3 Jan 2015 21:00Z: the three leap days leave out
        // the session of Fri 2 Jan 2015, which gets its own (shortest possible) request.
        let result = try plan([aapl], from: utc(2015, 1, 1), to: utc(2025, 1, 1), bar: "1 day", rth: true)
        #expect(requests(result) == ["20150102-21:00:00 1 Y", "20241231-21:00:00 10 Y"])
        #expect(result.chunks[1].windowStart == utc(2015, 1, 3, 21))
    }

    @Test("FX over a weekend: the Friday-to-Sunday 17:00 New York gap is skipped")
    func forexWeekend() throws {
        // EUR.USD trades Sun 22:00Z – Fri 22:00Z (winter). Wanted: [Fri 5 Jan 00:00Z, 22:00Z) and
        // [Sun 7 Jan 22:00Z, Tue 9 Jan 00:00Z). Long sessions: 1 min → 2 D. The 26 hours at the end are "2 D";
        // the 22 hours of Friday fit "79200 S", which holds less trading time than "1 D" (24 hours).
        let result = try plan(
            [eurusd],
            from: utc(2024, 1, 5),
            to: utc(2024, 1, 9),
            bar: "1 min",
            whatToShow: "MIDPOINT",
            rth: false
        )
        #expect(requests(result) == ["20240105-22:00:00 79200 S", "20240109-00:00:00 2 D"])
        #expect(result.chunks.map(\.expectedBars) == [1_320, 1_560])
    }

    @Test("CME futures around Good Friday 2024: two requests where fixed spans need three")
    func cmeGoodFriday() throws {
        // ES trades 17:00–16:00 Chicago (CDT: 22:00Z–21:00Z), trading day named after the day it ends. Wanted
        // in [27 Mar, 2 Apr): Wed 27 (from 00:00Z), Thu 28, (Fri 29 closed), Mon 1 Apr, and Tue 2 Apr from
        // Mon 22:00Z to the range end. Back from Tue 00:00Z, "2 D" reaches Sun 31 Mar 00:00Z; the next
        // request ends at Thu 28 21:00Z and covers Wed and Thu.
        let result = try plan([esm4], from: utc(2024, 3, 27), to: utc(2024, 4, 2), bar: "1 min", rth: false)
        #expect(requests(result) == ["20240328-21:00:00 2 D", "20240402-00:00:00 2 D"])
        #expect(result.savings.fixedSpanRequests == 3)
        #expect(result.savings.closedPeriods == 1)
    }

    @Test("CME futures RTH skip Good Friday: 08:30–15:15 Chicago sessions")
    func cmeRegularHoursGoodFriday() throws {
        // 1 min RTH (short sessions, 1 W). Wanted: Mon 25 – Thu 28 Mar and Mon 1 – Fri 5 Apr, 13:30–20:15Z.
        // Back from Fri 5 Apr 20:15Z, "1 W" reaches Fri 29 Mar 20:15Z (closed): Mon–Fri. Then 25–28 Mar: from
        // Mon 13:30Z to Thu 20:15Z = 3 d 6.75 h → "4 D" holds four sessions, "1 W" would add Fri 22 Mar.
        let result = try plan([esm4], from: utc(2024, 3, 25), to: utc(2024, 4, 6), bar: "1 min", rth: true)
        #expect(requests(result) == ["20240328-20:15:00 4 D", "20240405-20:15:00 1 W"])
        #expect(result.chunks.map(\.expectedBars) == [4 * 405, 5 * 405])
    }

    @Test("A contract without a calendar is planned over every second")
    func noCalendar() throws {
        // VOD on LSE: no SessionKind, long-session rule 12 W for hours; 31 days → 5 W.
        let result = try plan([vodLondon], from: utc(2024, 1, 1), to: utc(2024, 2, 1), bar: "1 hour", rth: true)
        #expect(requests(result) == ["20240201-00:00:00 5 W"])
        #expect(result.chunks[0].expectedBars == 31 * 24)
    }
}
