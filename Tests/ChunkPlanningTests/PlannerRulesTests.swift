import ChunkPlanning
import TWSProtocol
import Testing

/// Covered ranges, head timestamps, the six-month limit, `now`, endless requests, savings and estimates.
@Suite("Planner: rules")
struct PlannerRulesTests: PlannerFixtures {
    /// January 2024, 1 min RTH: see ``PlannerCalendarTests/oneMinuteJanuary()``.
    private func january() throws -> PlanResult {
        try plan([aapl], from: utc(2024, 1, 1), to: utc(2024, 2, 1), bar: "1 min", rth: true)
    }

    @Test("A finished chunk is not planned again; the others keep their ids")
    func coveredChunk() throws {
        let full = try january()
        var covered = CoveredRanges()
        covered.insert(full.chunks[2])  // 20240117-21:00:00 1 W
        let again = try plan(
            [aapl],
            from: utc(2024, 1, 1),
            to: utc(2024, 2, 1),
            bar: "1 min",
            rth: true,
            covered: covered
        )
        var expected = full.chunks
        expected.remove(at: 2)
        #expect(again.chunks == expected)
        #expect(again.savings.alreadyCovered == 1)
        #expect(again.savings.fixedSpanRequests == 5)
    }

    @Test("A covered tail moves every chunk end to the last uncovered close")
    func coveredTail() throws {
        // Covered from Mon 29 Jan: the need ends Fri 26 Jan 21:00Z; four Friday-to-Friday weeks remain.
        var covered = CoveredRanges()
        covered.insert(
            utc(2024, 1, 29)..<utc(2024, 2, 1),
            contract: aapl,
            barSize: bar("1 min"),
            whatToShow: "trades",
            useRTH: true
        )
        let result = try plan(
            [aapl],
            from: utc(2024, 1, 1),
            to: utc(2024, 2, 1),
            bar: "1 min",
            rth: true,
            covered: covered
        )
        #expect(
            requests(result) == [
                "20240105-21:00:00 1 W", "20240112-21:00:00 1 W", "20240119-21:00:00 1 W",
                "20240126-21:00:00 1 W",
            ]
        )
        #expect(result.savings.alreadyCovered == 1)
    }

    @Test("Covered ranges belong to one series: another bar size, what-to-show or useRTH is unaffected")
    func coveredIsPerSeries() throws {
        let full = try january()
        var covered = CoveredRanges()
        for chunk in full.chunks {
            covered.insert(chunk.window, contract: aapl, barSize: bar("5 mins"), whatToShow: "TRADES", useRTH: true)
            covered.insert(chunk.window, contract: aapl, barSize: bar("1 min"), whatToShow: "BID", useRTH: true)
            covered.insert(chunk.window, contract: aapl, barSize: bar("1 min"), whatToShow: "TRADES", useRTH: false)
            covered.insert(chunk.window, contract: msft, barSize: bar("1 min"), whatToShow: "TRADES", useRTH: true)
        }
        let again = try plan(
            [aapl],
            from: utc(2024, 1, 1),
            to: utc(2024, 2, 1),
            bar: "1 min",
            rth: true,
            covered: covered
        )
        #expect(again.chunks == full.chunks)
        for chunk in full.chunks {
            covered.insert(chunk)
        }
        let done = try plan(
            [aapl],
            from: utc(2024, 1, 1),
            to: utc(2024, 2, 1),
            bar: "1 min",
            rth: true,
            covered: covered
        )
        #expect(done.chunks.isEmpty)
        #expect(done.savings.alreadyCovered == 5)
    }

    @Test("Nothing before the head timestamp is planned; it matches the contract by identity")
    func headTimestamp() throws {
        // Data from Tue 9 Jan 15:00Z: the first request ends Wed 10 Jan 21:00Z and "2 D" reaches Mon 8 Jan 21:00Z.
        var sameInstrument = aapl
        sameInstrument.tradingClass = "NMS"
        sameInstrument.includeExpired = true
        let result = try plan(
            [aapl],
            from: utc(2024, 1, 1),
            to: utc(2024, 2, 1),
            bar: "1 min",
            rth: true,
            heads: [sameInstrument: utc(2024, 1, 9, 15)]
        )
        #expect(
            requests(result) == [
                "20240110-21:00:00 2 D", "20240117-21:00:00 1 W", "20240124-21:00:00 1 W",
                "20240131-21:00:00 1 W",
            ]
        )
        #expect(result.chunks[0].expectedBars == 360 + 390)
        #expect(result.savings.headTimestamp == 1)
        #expect(result.savings.closedPeriods == 0)
        let other = try plan(
            [msft],
            from: utc(2024, 1, 1),
            to: utc(2024, 2, 1),
            bar: "1 min",
            rth: true,
            heads: [aapl: utc(2024, 1, 9, 15)]
        )
        #expect(other.chunks.count == 5)
    }

    @Test("Bars of 30 s or less older than six months are dropped")
    func sixMonthLimit() throws {
        // now 15 Jul 2024 12:00Z → cutoff 15 Jan 12:00Z. Fri 12 Jan is dropped, Mon 15 Jan is MLK Day, so Tue 16
        // and Wed 17 Jan remain: 2 × 12 requests (2000 S). Fixed spans: 6 days = 260; three sessions = 36; then 24.
        let result = try plan(
            [aapl],
            from: utc(2024, 1, 12),
            to: utc(2024, 1, 18),
            bar: "1 secs",
            rth: true,
            now: utc(2024, 7, 15, 12)
        )
        #expect(result.chunks.count == 24)
        #expect(result.chunks.first?.endDateTime == "20240116-14:53:20")
        #expect(result.chunks.last?.endDateTime == "20240117-21:00:00")
        #expect(result.savings.fixedSpanRequests == 260)
        #expect(result.savings.closedPeriods == 224)
        #expect(result.savings.smallBarHistoryLimit == 12)
        // 1-minute bars are kept for longer: Friday stays, and "6 D" back from Wed 17 Jan 21:00Z holds the three
        // sessions where "1 W" would add Thu 11 Jan.
        let minutes = try plan(
            [aapl],
            from: utc(2024, 1, 12),
            to: utc(2024, 1, 18),
            bar: "1 min",
            rth: true,
            now: utc(2024, 7, 15, 12)
        )
        #expect(requests(minutes) == ["20240117-21:00:00 6 D"])
        #expect(minutes.chunks[0].expectedBars == 3 * 390)
    }

    @Test("The six-month cutoff clamps to the month's last day (31 Aug → 29 Feb in a leap year)")
    func sixMonthLimitMonthEnd() throws {
        let result = try plan(
            [aapl],
            from: utc(2024, 2, 28),
            to: utc(2024, 3, 2),
            bar: "30 secs",
            rth: true,
            now: utc(2024, 8, 31)
        )
        // 30 secs RTH: "3 D" per request. Thu 29 Feb and Fri 1 Mar remain; "2 D" holds both.
        #expect(requests(result) == ["20240301-21:00:00 2 D"])
        #expect(result.chunks[0].windowStart == utc(2024, 2, 28, 21))
    }

    @Test("Small bars entirely older than six months give an empty plan, all credited to the limit")
    func smallBarsTooOld() throws {
        let result = try plan(
            [aapl, msft],
            from: utc(2023, 3, 1),
            to: utc(2023, 3, 3),
            bar: "5 secs",
            rth: true,
            now: utc(2024, 7, 15)
        )
        #expect(result.chunks.isEmpty)
        // Wed 1 and Thu 2 Mar 2023: 2 spans of a day per contract, each holding one session.
        #expect(result.savings.fixedSpanRequests == 4)
        #expect(result.savings.closedPeriods == 0)
        #expect(result.savings.smallBarHistoryLimit == 4)
    }

    @Test("The plan ends at the last complete bar before now")
    func clippedAtNow() throws {
        // now Wed 10 Jan 2024 17:20:30Z: minutes end at 17:20:00Z; from Mon 8 Jan 14:30Z that is "3 D".
        let now = utc(2024, 1, 10, 17, 20) + 30
        let minutes = try plan([aapl], from: utc(2024, 1, 8), to: utc(2024, 1, 11), bar: "1 min", rth: true, now: now)
        #expect(requests(minutes) == ["20240110-17:20:00 3 D"])
        // Daily bars end at the last close: Tue 9 Jan 21:00Z.
        let days = try plan([aapl], from: utc(2024, 1, 1), to: utc(2024, 1, 11), bar: "1 day", rth: true, now: now)
        #expect(requests(days) == ["20240109-21:00:00 1 Y"])
        // Weekly bars end at the last close before Monday 8 Jan: Fri 5 Jan 21:00Z.
        let weeks = try plan([aapl], from: utc(2023, 6, 1), to: utc(2024, 1, 11), bar: "1 week", rth: true, now: now)
        #expect(requests(weeks) == ["20240105-21:00:00 1 Y"])
        // FX daily bars, Monday 01:00Z: the Monday session (from Sunday 22:00Z) is unfinished.
        let fx = try plan(
            [eurusd],
            from: utc(2024, 1, 1),
            to: utc(2024, 1, 9),
            bar: "1 day",
            whatToShow: "MIDPOINT",
            rth: false,
            now: utc(2024, 1, 8, 1)
        )
        #expect(requests(fx) == ["20240105-22:00:00 1 Y"])
        // Today's unfinished daily bar alone: nothing to plan, and no error.
        let today = try plan([aapl], from: utc(2024, 1, 10), to: utc(2024, 1, 11), bar: "1 day", rth: true, now: now)
        #expect(today.chunks.isEmpty)
    }

    @Test("A continuous future is one request with an empty end time, back from now")
    func continuousFuture() throws {
        // now Mon 3 Jun 2024 12:00Z; the first wanted session opens Mon 1 Jan 23:00Z (17:00 Chicago, New Year's
        // Day closed): 153 d 13 h back, so "1 Y" (W and D do not take daily bars).
        let result = try plan(
            [esContinuous],
            from: utc(2024, 1, 1),
            to: utc(2024, 6, 1),
            bar: "1 day",
            rth: false,
            now: utc(2024, 6, 3, 12)
        )
        #expect(requests(result) == [" 1 Y"])
        #expect(result.chunks[0].windowEnd == utc(2024, 6, 3, 12))
        let nextDay = try plan(
            [esContinuous],
            from: utc(2024, 1, 1),
            to: utc(2024, 6, 1),
            bar: "1 day",
            rth: false,
            now: utc(2024, 6, 4, 12)
        )
        #expect(nextDay.chunks.map(\.id) == result.chunks.map(\.id))
        // Minutes from 00:00Z to now 15:00Z: 54000 S holds less trading time than "1 D".
        let minutes = try plan(
            [esContinuous],
            from: utc(2024, 6, 3),
            to: utc(2024, 6, 4),
            bar: "1 min",
            rth: false,
            now: utc(2024, 6, 3, 15)
        )
        #expect(requests(minutes) == [" 54000 S"])
    }

    @Test("A continuous future range longer than one request is refused")
    func continuousFutureTooLong() throws {
        let error = #expect(throws: PlanningError.self) {
            try plan(
                [esContinuous],
                from: utc(2024, 1, 1),
                to: utc(2024, 6, 1),
                bar: "1 min",
                rth: false,
                now: utc(2024, 6, 3)
            )
        }
        #expect(error?.code == .rangeTooLongForEndlessRequest)
    }

    @Test("ADJUSTED_LAST is planned like a continuous future: empty end time")
    func adjustedLast() throws {
        let result = try plan(
            [aapl],
            from: utc(2022, 1, 1),
            to: utc(2024, 1, 1),
            bar: "1 day",
            whatToShow: "adjusted_last",
            rth: true,
            now: utc(2024, 1, 2, 12)
        )
        // From Mon 3 Jan 2022 14:30Z to now, Tue 2 Jan 2024 12:00Z: 728.9 days → "2 Y".
        #expect(requests(result) == [" 2 Y"])
        #expect(result.chunks[0].whatToShow == "ADJUSTED_LAST")
    }

    @Test("Chunks are grouped by contract in request order, duplicates planned once")
    func contractOrder() throws {
        var duplicate = aapl
        duplicate.tradingClass = "NMS"
        let result = try plan(
            [msft, aapl, duplicate],
            from: utc(2024, 1, 1),
            to: utc(2024, 2, 1),
            bar: "1 min",
            rth: true
        )
        #expect(
            result.chunks.map(\.contract.symbol) == Array(repeating: "MSFT", count: 5)
                + Array(repeating: "AAPL", count: 5)
        )
        #expect(result.savings.fixedSpanRequests == 10)
        #expect(Set(result.chunks.map(\.id)).count == 10)
    }

    @Test("The estimate counts BID_ASK twice and divides by the pace")
    func estimate() throws {
        let trades = try january()
        #expect(trades.estimate.requests == 5)
        #expect(trades.estimate.pacingCost == 5)
        #expect(trades.estimate.expectedBars == 780 + 1_950 + 1_560 + 1_950 + 1_950)
        #expect(trades.estimate.seconds == 50)
        let request = PlanRequest(
            contracts: [aapl],
            from: utc(2024, 1, 1),
            to: utc(2024, 2, 1),
            barSize: bar("1 min"),
            whatToShow: "BID_ASK",
            useRTH: true
        )
        let fast = Planner(configuration: .init(requestsPerMinute: 60))
        let bidAsk = try fast.plan(request, now: farFuture)
        #expect(bidAsk.estimate.pacingCost == 10)
        #expect(bidAsk.estimate.seconds == 10)
        #expect(PlanEstimate(chunks: bidAsk.chunks, requestsPerMinute: 6).seconds == 100)
    }

    /// Requests the planner must refuse, each with the code it must give.
    enum Invalid: String, CaseIterable, Sendable {
        case noContracts, fromEqualsTo, fromAfterTo, future, forexTrades, indexMidpoint, cryptoTrades
        case futureAdjustedLast, volatility, noIdentity
    }

    @Test("Invalid requests are refused with one sentence and a code", arguments: Invalid.allCases)
    func invalid(_ kind: Invalid) {
        var contracts = [aapl]
        var from = utc(2024, 1, 1)
        var to = utc(2024, 2, 1)
        var whatToShow = "TRADES"
        let code: PlanningError.Code
        switch kind {
        case .noContracts:
            contracts = []
            code = .noContracts
        case .fromEqualsTo:
            to = from
            code = .emptyRange
        case .fromAfterTo:
            from = utc(2024, 3, 1)
            code = .emptyRange
        case .future:
            (from, to) = (utc(2024, 6, 1), utc(2024, 7, 1))
            code = .rangeInFuture
        case .forexTrades:
            contracts = [aapl, eurusd]
            code = .unsupportedWhatToShow
        case .indexMidpoint:
            (contracts, whatToShow) = ([spx], "MIDPOINT")
            code = .unsupportedWhatToShow
        case .cryptoTrades:
            contracts = [btc]
            code = .unsupportedWhatToShow
        case .futureAdjustedLast:
            (contracts, whatToShow) = ([esm4], "ADJUSTED_LAST")
            code = .unsupportedWhatToShow
        case .volatility:
            whatToShow = "HISTORICAL_VOLATILITY"
            code = .unsupportedWhatToShow
        case .noIdentity:
            contracts = [Contract(symbol: "", secType: .stock, exchange: "SMART", currency: "USD")]
            code = .invalidContract
        }
        let request = PlanRequest(
            contracts: contracts,
            from: from,
            to: to,
            barSize: bar("1 min"),
            whatToShow: whatToShow
        )
        let error = #expect(throws: PlanningError.self) {
            try Planner().plan(request, now: utc(2024, 6, 1))
        }
        #expect(error?.code == code)
        #expect(error.map { !$0.message.isEmpty && $0.message.hasSuffix(".") } == true)
    }

    @Test("What-to-show is trimmed and upper-cased")
    func whatToShowNormalized() throws {
        let result = try plan(
            [eurusd],
            from: utc(2024, 1, 8),
            to: utc(2024, 1, 9),
            bar: "1 hour",
            whatToShow: " midpoint ",
            rth: false
        )
        #expect(result.chunks.allSatisfy { $0.whatToShow == "MIDPOINT" })
    }
}
