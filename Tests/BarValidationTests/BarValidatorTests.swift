import BackfillStore
import BarValidation
import ChunkPlanning
import MarketCalendar
import TWSProtocol
import Testing

@Suite("BarValidator")
struct BarValidatorTests {
    /// 2024-01-08 14:30 UTC (Monday, 09:30 New York).
    static let monday: Int64 = 1_704_724_200

    /// A consistent bar with TRADES-style numbers.
    static func bar(
        _ date: String,
        open: String = "100.5",
        high: String = "101.25",
        low: String = "99.75",
        close: String = "100",
        volume: String = "1200",
        wap: String = "100.41",
        count: Int = 31
    ) -> Bar {
        Bar(date: date, open: open, high: high, low: low, close: close, volume: volume, wap: wap, count: count)
    }

    /// Intraday bars at the given starts.
    static func bars(_ starts: [Int64]) -> [Bar] {
        starts.map { bar("\($0)") }
    }

    static func validator(_ barSize: BarSizeSetting, _ window: Range<Int64>) -> BarValidator {
        BarValidator(barSize: barSize, window: window)
    }

    static func utcMidnight(_ yyyyMMdd: String) -> Int64 {
        CivilDate(yyyyMMdd: yyyyMMdd)!.utcMidnight
    }

    @Test func aCleanReplyPassesWhole() {
        let starts = (0..<390).map { Self.monday + Int64($0) * 60 }
        let result = Self.validator(.oneMinute, Self.monday..<(Self.monday + 390 * 60)).validate(Self.bars(starts))
        #expect(result.unusableReason == nil)
        #expect(result.anomalies.isEmpty)
        #expect(result.receivedCount == 390)
        #expect(result.bars.map(\.start) == starts)
        #expect(
            result.bars.first
                == StoredBar(
                    start: Self.monday,
                    open: "100.5",
                    high: "101.25",
                    low: "99.75",
                    close: "100",
                    volume: "1200",
                    wap: "100.41",
                    count: 31
                )
        )
    }

    @Test func anEmptyReplyIsUsableAndEmpty() {
        let result = Self.validator(.oneMinute, 0..<3_600).validate([])
        #expect(result.unusableReason == nil)
        #expect(result.bars.isEmpty)
        #expect(result.anomalies.total == 0)
    }

    @Test func barsStraddlingEitherEdgeAreKept() {
        // 1-hour bars on the hour; the window runs 10:30–12:30, so the 10:00 and 12:00 bars straddle its edges.
        let ten = Self.utcMidnight("20240108") + 10 * 3_600
        let window = (ten + 1_800)..<(ten + 9_000)
        let result = Self.validator(.oneHour, window).validate(Self.bars([ten, ten + 3_600, ten + 7_200]))
        #expect(result.unusableReason == nil)
        #expect(result.anomalies.isEmpty)
        #expect(result.bars.map(\.start) == [ten, ten + 3_600, ten + 7_200])
    }

    @Test func aBarEndingAtTheWindowStartIsDroppedButTheReplyStaysUsable() {
        let ten = Self.utcMidnight("20240108") + 10 * 3_600
        // The 09:00 bar ends exactly at 10:00, where the window starts: it belongs to the previous chunk.
        let result = Self.validator(.oneHour, ten..<(ten + 7_200)).validate(Self.bars([ten - 3_600, ten, ten + 3_600]))
        #expect(result.unusableReason == nil)
        #expect(result.anomalies[.outsideWindow] == 1)
        #expect(result.bars.map(\.start) == [ten, ten + 3_600])
    }

    @Test func aBarStartingAtTheWindowEndMakesTheReplyUnusable() throws {
        let ten = Self.utcMidnight("20240108") + 10 * 3_600
        let result = Self.validator(.oneHour, ten..<(ten + 7_200)).validate(
            Self.bars([ten, ten + 3_600, ten + 7_200])
        )
        #expect(result.unusableReason != nil)
        #expect(result.anomalies[.outsideWindow] == 1)
        let reason = try #require(result.unusableReason)
        #expect(reason.contains("window end"))
        #expect(result.bars.map(\.start) == [ten, ten + 3_600])
    }

    @Test func aReplyWithNoBarInTheWindowIsUnusable() throws {
        let ten = Self.utcMidnight("20240108") + 10 * 3_600
        let result = Self.validator(.oneMinute, ten..<(ten + 3_600)).validate(
            Self.bars([ten - 7_200, ten - 7_140])
        )
        #expect(result.unusableReason != nil)
        #expect(result.anomalies[.outsideWindow] == 2)
        #expect(try #require(result.unusableReason).contains("None of the 2 bars"))
    }

    @Test func dailyBarsAreStoredAtUTCMidnightOfTheirDate() {
        let window = Self.utcMidnight("20240108")..<Self.utcMidnight("20240113")
        let dates = ["20240108", "20240109", "20240110", "20240111", "20240112"]
        let result = Self.validator(.oneDay, window).validate(dates.map { Self.bar($0) })
        #expect(result.unusableReason == nil)
        #expect(result.anomalies.isEmpty)
        #expect(result.bars.map(\.start) == dates.map(Self.utcMidnight))
        #expect(Self.utcMidnight("20240108") == 1_704_672_000)
    }

    @Test func dailyBarsDatedBySessionJustPastTheWindowAreKept() {
        // A CME session dated Monday opens Sunday 23:00 UTC, inside a window that ends Monday 00:00 UTC; a NYSE
        // extended session dated Friday runs past the window's start at Saturday 00:00 UTC.
        let window = Self.utcMidnight("20240106")..<Self.utcMidnight("20240108")
        let result = Self.validator(.oneDay, window).validate([Self.bar("20240105"), Self.bar("20240108")])
        #expect(result.unusableReason == nil)
        #expect(result.anomalies.isEmpty)
        #expect(result.bars.count == 2)
    }

    @Test func aDailyBarDatedWellAfterTheWindowMakesTheReplyUnusable() {
        let window = Self.utcMidnight("20240108")..<Self.utcMidnight("20240110")
        let result = Self.validator(.oneDay, window).validate([Self.bar("20240108"), Self.bar("20240115")])
        #expect(result.unusableReason != nil)
        #expect(result.anomalies[.outsideWindow] == 1)
    }

    @Test func weeklyAndMonthlyBarsAreDatedByTheirPeriod() {
        // A chunk for the second half of January: the month's bar is dated January 2, the week's January 15.
        let window = Self.utcMidnight("20240116")..<Self.utcMidnight("20240201")
        let monthly = Self.validator(.oneMonth, window).validate([Self.bar("20240102")])
        #expect(monthly.unusableReason == nil)
        #expect(monthly.bars.map(\.start) == [Self.utcMidnight("20240102")])
        let weekly = Self.validator(.oneWeek, window).validate(
            ["20240115", "20240122", "20240129"].map { Self.bar($0) }
        )
        #expect(weekly.unusableReason == nil)
        #expect(weekly.anomalies.isEmpty)
        #expect(weekly.bars.count == 3)
    }

    @Test(
        "Dates in the wrong form make the reply unusable",
        arguments: [
            (BarSizeSetting.oneMinute, "20240108 09:30:00 US/Eastern"),
            (.oneMinute, "20240108-14:30:00"),
            (.oneMinute, ""),
            (.oneMinute, "17047242OO"),
            (.oneMinute, "1704724200.5"),
            (.oneDay, "1704672000"),
            (.oneDay, "20240230"),
            (.oneDay, "2024-01-08"),
            (.oneWeek, "20241301"),
        ]
    )
    func unparsableDates(barSize: BarSizeSetting, date: String) throws {
        let good = barSize.isDaily ? "20240108" : "\(Self.monday)"
        let window = (Self.monday - 86_400)..<(Self.monday + 86_400)
        let result = BarValidator(barSize: barSize, window: window).validate([Self.bar(good), Self.bar(date)])
        #expect(result.anomalies[.unparsableDate] == 1)
        #expect(result.bars.count == 1)
        #expect(result.unusableReason != nil)
        #expect(try #require(result.unusableReason).contains("date"))
    }

    @Test(
        "A bar with a number that is not decimal text is dropped",
        arguments: [
            ("open", "abc"), ("high", "NaN"), ("low", ""), ("close", " 100"), ("close", "100 "), ("open", "0x10"),
            ("high", "inf"), ("volume", "-2"), ("volume", "1,200"), ("wap", "1.2.3"), ("open", "-"), ("low", "1e"),
            ("close", "+100"), ("open", "."),
        ]
    )
    func unparsableNumbers(field: String, text: String) {
        var bad = Self.bar("\(Self.monday + 60)")
        switch field {
        case "open": bad.open = text
        case "high": bad.high = text
        case "low": bad.low = text
        case "close": bad.close = text
        case "volume": bad.volume = text
        default: bad.wap = text
        }
        var bars = Self.bars((0..<40).map { Self.monday + 120 + Int64($0) * 60 })
        bars.insert(bad, at: 0)
        let result = Self.validator(.oneMinute, Self.monday..<(Self.monday + 7_200)).validate(bars)
        #expect(result.anomalies[.unparsableNumber] == 1)
        #expect(result.anomalies.total == 1)
        #expect(result.bars.count == 40)
        // 1 of 41 is under 5%.
        #expect(result.unusableReason == nil)
    }

    @Test func decimalFormsIBMaySendAreAccepted() {
        let bars = [
            Self.bar("\(Self.monday)", open: "0.00012", high: "1.5E-4", low: "1.0e-4", close: "0.000125"),
            Self.bar("\(Self.monday + 60)", open: "-37.63", high: "-10", low: "-40.32", close: "-12.5", wap: "-20"),
            Self.bar("\(Self.monday + 120)", open: "5", high: "5.", low: ".5", close: "5.000000000000000000001"),
            Self.bar("\(Self.monday + 180)", volume: "0.00345", wap: "100.12345"),
        ]
        let result = Self.validator(.oneMinute, Self.monday..<(Self.monday + 3_600)).validate(bars)
        #expect(result.anomalies.isEmpty, "\(result.anomalies)")
        #expect(result.bars.count == 4)
        // Text is kept exactly as sent.
        #expect(result.bars[0].high == "1.5E-4")
        #expect(result.bars[2].close == "5.000000000000000000001")
    }

    @Test func quoteDataHasNoVolumeWapOrCount() {
        let quote = Self.bar("\(Self.monday)", volume: "-1", wap: "-1", count: -1)
        // A WAP of -1 beside a real volume is a price (futures have traded below zero), so it stays.
        let negative = Self.bar(
            "\(Self.monday + 60)",
            open: "-1",
            high: "-0.5",
            low: "-1.5",
            close: "-1",
            volume: "10",
            wap: "-1",
            count: 3
        )
        let result = Self.validator(.oneMinute, Self.monday..<(Self.monday + 3_600)).validate([quote, negative])
        #expect(result.anomalies.isEmpty)
        #expect(result.bars[0].volume == nil)
        #expect(result.bars[0].wap == nil)
        #expect(result.bars[0].count == nil)
        #expect(result.bars[1].volume == "10")
        #expect(result.bars[1].wap == "-1")
        #expect(result.bars[1].count == 3)
    }

    @Test(
        "Inconsistent OHLC is dropped and counted",
        arguments: [
            ("102", "101.25", "99.75", "100"),  // open above high
            ("99", "101.25", "99.75", "100"),  // open below low
            ("100", "101.25", "99.75", "101.5"),  // close above high
            ("100", "101.25", "99.75", "99.5"),  // close below low
            ("100", "99", "101", "100"),  // low above high
            ("100.10", "100.1", "100.100", "100.1000"),  // equal values written differently are consistent
        ]
    )
    func inconsistentOHLC(open: String, high: String, low: String, close: String) {
        let odd = Self.bar("\(Self.monday)", open: open, high: high, low: low, close: close)
        let rest = Self.bars((1...30).map { Self.monday + Int64($0) * 60 })
        let result = Self.validator(.oneMinute, Self.monday..<(Self.monday + 3_600)).validate([odd] + rest)
        let consistent = open == "100.10"
        #expect(result.anomalies[.inconsistentOHLC] == (consistent ? 0 : 1))
        #expect(result.bars.count == (consistent ? 31 : 30))
        #expect(result.unusableReason == nil)
    }

    @Test func tooManyBadPricesMakeTheReplyUnusable() throws {
        var bars = Self.bars((0..<100).map { Self.monday + Int64($0) * 60 })
        for index in stride(from: 0, to: 100, by: 20) { bars[index].high = "1" }  // 5 of 100: tolerated
        let validator = Self.validator(.oneMinute, Self.monday..<(Self.monday + 6_000))
        let tolerated = validator.validate(bars)
        #expect(tolerated.unusableReason == nil)
        #expect(tolerated.anomalies[.inconsistentOHLC] == 5)
        #expect(tolerated.bars.count == 95)

        bars[1].close = "n/a"  // 6 of 100
        let refused = validator.validate(bars)
        #expect(refused.unusableReason != nil)
        #expect(refused.anomalies[.inconsistentOHLC] == 5)
        #expect(refused.anomalies[.unparsableNumber] == 1)
        #expect(try #require(refused.unusableReason).contains("6 of 100"))

        let lenient = BarValidator(
            barSize: .oneMinute,
            window: Self.monday..<(Self.monday + 6_000),
            configuration: BarValidator.Configuration(maximumBadPriceFraction: 0.1)
        )
        #expect(lenient.validate(bars).unusableReason == nil)
    }

    @Test func outOfOrderBarsAreSortedAndCounted() {
        let starts: [Int64] = [0, 60, 240, 120, 180, 300].map { Self.monday + $0 }
        let result = Self.validator(.oneMinute, Self.monday..<(Self.monday + 3_600)).validate(Self.bars(starts))
        #expect(result.unusableReason == nil)
        #expect(result.anomalies[.outOfOrder] == 1)
        #expect(result.anomalies.total == 1)
        #expect(result.bars.map(\.start) == [0, 60, 120, 180, 240, 300].map { Self.monday + $0 })
    }

    @Test func duplicatesCollapseToTheBarSentLast() {
        var bars = Self.bars([Self.monday, Self.monday + 60, Self.monday + 120])
        bars.insert(Self.bar("\(Self.monday + 60)", close: "101", volume: "7"), at: 2)
        bars.append(Self.bar("\(Self.monday + 120)", close: "100.25", volume: "9"))
        let result = Self.validator(.oneMinute, Self.monday..<(Self.monday + 3_600)).validate(bars)
        #expect(result.unusableReason == nil)
        #expect(result.anomalies[.duplicateTimestamp] == 2)
        #expect(result.bars.map(\.start) == [Self.monday, Self.monday + 60, Self.monday + 120])
        #expect(result.bars[1].volume == "7")
        #expect(result.bars[2].volume == "9")
    }

    @Test func duplicatesOutOfOrderStillKeepTheBarSentLast() {
        let bars = [
            Self.bar("\(Self.monday + 120)", volume: "1"),
            Self.bar("\(Self.monday + 120)", volume: "2"),
            Self.bar("\(Self.monday)", volume: "3"),
            Self.bar("\(Self.monday + 120)", volume: "4"),
            Self.bar("\(Self.monday)", volume: "5"),
            Self.bar("\(Self.monday + 60)", volume: "6"),
        ]
        let result = Self.validator(.oneMinute, Self.monday..<(Self.monday + 3_600)).validate(bars)
        #expect(result.unusableReason == nil)
        #expect(result.bars.map(\.start) == [Self.monday, Self.monday + 60, Self.monday + 120])
        #expect(result.bars.map(\.volume) == ["5", "6", "4"])
        #expect(result.anomalies[.duplicateTimestamp] == 3)
        #expect(result.anomalies[.outOfOrder] == 2)
    }

    @Test func aBarFailingSeveralChecksIsCountedOnce() {
        // Unparsable date and inconsistent prices: only the date is counted.
        let bar = Self.bar("yesterday", open: "200")
        let result = Self.validator(.oneMinute, Self.monday..<(Self.monday + 3_600)).validate([bar])
        #expect(result.anomalies.total == 1)
        #expect(result.anomalies[.unparsableDate] == 1)
        #expect(result.anomalies.description == "unparsableDate=1")
    }

    @Test func aHundredThousandBarsInOneReply() {
        // Correctness at size (the speed is measured in a release build, not asserted here).
        let count = 100_000
        var bars = Self.bars((0..<Int64(count)).map { Self.monday + $0 })
        bars.swapAt(500, 501)
        bars[70_000].open = "1000"
        let result = Self.validator(.oneSecond, Self.monday..<(Self.monday + Int64(count))).validate(bars)
        #expect(result.unusableReason == nil)
        #expect(result.bars.count == count - 1)
        #expect(result.anomalies[.outOfOrder] == 1)
        #expect(result.anomalies[.inconsistentOHLC] == 1)
        #expect(zip(result.bars, result.bars.dropFirst()).allSatisfy { $0.start < $1.start })
    }
}

extension BarValidatorTests {
    @Test func anEndlessChunkAcceptsBarsUpToWhenTheRequestWasSent() {
        let contract = Contract(symbol: "ES", secType: .continuousFuture, exchange: "CME", currency: "USD")
        let planned = Self.monday + 3_600
        func chunk(endDateTime: String) -> ChunkRow {
            ChunkRow(
                id: "c",
                contract: contract,
                barSize: .oneMinute,
                whatToShow: "TRADES",
                useRTH: false,
                endDateTime: endDateTime,
                duration: .seconds(3600),
                windowStart: Self.monday,
                windowEnd: planned
            )
        }
        // Sent ten minutes after planning: IB's "now" reaches ten minutes past the planned end.
        let bars = Self.bars((0..<70).map { Self.monday + Int64($0) * 60 })
        let sentAt = planned + 600
        let endless = BarValidator(chunk: chunk(endDateTime: ""), sentAt: sentAt)
        #expect(endless.window == Self.monday..<sentAt)
        #expect(endless.validate(bars).unusableReason == nil)
        #expect(endless.validate(bars).bars.count == 70)
        let fixed = BarValidator(
            chunk: chunk(endDateTime: PlannedChunk.endDateTimeText(planned)),
            sentAt: sentAt
        )
        #expect(fixed.window == Self.monday..<planned)
        #expect(fixed.validate(bars).unusableReason != nil)
    }
}
