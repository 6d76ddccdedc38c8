import ChunkPlanning
import MarketCalendar
import TWSProtocol
import Testing

/// Splitting a chunk too large for its gateway, the learned sizes, and telling a cut-short reply from a sparse one.
@Suite struct AdaptiveSizeTests: PlannerFixtures {
    /// Thu 28 Mar 2024, regular session 13:30–20:00Z.
    var close: Int64 { utc(2024, 3, 28, 20) }

    @Test func halvesCoverTheWindowExactlyOnBarBoundaries() throws {
        for (duration, barName) in [
            (IBDuration.seconds(23_400), "5 secs"), (.seconds(2_000), "1 secs"), (.days(1), "15 secs"),
        ] {
            let halves = try #require(ChunkSplit.halves(end: close, duration: duration, barSize: bar(barName)))
            #expect(halves.count == 2)
            #expect(halves[0].window.lowerBound == close - duration.seconds)
            #expect(halves[0].window.upperBound == halves[1].window.lowerBound)
            #expect(halves[1].window.upperBound == close)
            #expect(
                halves.allSatisfy { $0.duration.unit == .seconds && $0.duration.violation(for: bar(barName)) == nil }
            )
            #expect((halves[0].window.upperBound - halves[0].window.lowerBound) % Int64(bar(barName).seconds) == 0)
        }
        // Several days split at whole days, and keep the unit.
        let days = try #require(ChunkSplit.halves(end: close, duration: .days(3), barSize: bar("30 secs")))
        #expect(days.map(\.duration) == [.days(2), .days(1)])
        #expect(days[0].window.lowerBound == close - 3 * 86_400 && days[1].window.upperBound == close)
        #expect(days[0].window.upperBound == days[1].window.lowerBound)
        // Two bars is the least that can be halved; weeks are never split.
        #expect(ChunkSplit.halves(end: close, duration: .seconds(5), barSize: bar("5 secs")) == nil)
        #expect(ChunkSplit.halves(end: close, duration: .seconds(10), barSize: bar("5 secs"))?.count == 2)
        #expect(ChunkSplit.halves(end: close, duration: .weeks(1), barSize: bar("1 min")) == nil)
    }

    @Test func piecesStayWithinTheCapAndTileTheWindow() throws {
        let pieces = try #require(
            ChunkSplit.pieces(end: close, duration: .seconds(23_400), barSize: bar("5 secs"), maxSeconds: 5_850)
        )
        #expect(pieces.map(\.duration) == Array(repeating: .seconds(5_850), count: 4))
        let uneven = try #require(
            ChunkSplit.pieces(end: close, duration: .seconds(23_400), barSize: bar("5 secs"), maxSeconds: 7_000)
        )
        #expect(uneven.count == 4)
        #expect(uneven.allSatisfy { $0.duration.seconds <= 7_000 && $0.duration.seconds % 5 == 0 })
        #expect(uneven.first?.window.lowerBound == close - 23_400 && uneven.last?.window.upperBound == close)
        for (earlier, later) in zip(uneven, uneven.dropFirst()) {
            #expect(earlier.window.upperBound == later.window.lowerBound)
        }
        let days = try #require(
            ChunkSplit.pieces(end: close, duration: .days(3), barSize: bar("30 secs"), maxSeconds: 2 * 86_400)
        )
        #expect(days.map(\.duration) == [.days(1), .days(2)])
        #expect(
            ChunkSplit.pieces(end: close, duration: .seconds(5_000), barSize: bar("5 secs"), maxSeconds: 5_850) == nil
        )
    }

    @Test func aRecordCapsAtWhatWorkedBelowTheSmallestRefusal() {
        var record = RequestSizeRecord()
        #expect(record.cap == nil)
        #expect(!record.learnsFromSuccess(86_400), "nothing to learn while nothing failed")
        record = record.refused(23_400)
        #expect(record.cap == 11_700)
        record = record.refused(11_700)
        #expect(record.cap == 5_850)
        #expect(record.learnsFromSuccess(5_850))
        record = record.worked(5_850)
        #expect(record.cap == 5_850)
        #expect(!record.learnsFromSuccess(5_000))
        // A success at a size once refused shows the refusal was the gateway's mood: it is forgotten.
        record = record.worked(11_700)
        #expect(record.smallestRefused == nil && record.cap == nil)
        // A refusal at or below what worked drops what worked.
        record = RequestSizeRecord(largestWorked: 7_200, smallestRefused: nil).refused(7_200)
        #expect(record.largestWorked == nil && record.cap == 3_600)
    }

    @Test func theNextPlanUsesTheLearnedSizeForItsKindOnly() throws {
        let key = RequestSizeKey(barSize: bar("5 secs"), secType: .stock, useRTH: true)
        let limits = RequestSizeLimits([key: RequestSizeRecord(largestWorked: 5_850, smallestRefused: 11_700)])
        let request = PlanRequest(
            contracts: [aapl, eurusd],
            from: utc(2024, 3, 28),
            to: utc(2024, 3, 29),
            barSize: bar("5 secs"),
            whatToShow: "MIDPOINT",
            useRTH: true
        )
        let learned = try Planner(configuration: Planner.Configuration(learnedSizes: limits)).plan(
            request,
            now: utc(2024, 4, 15)
        )
        let stock = learned.chunks.filter { $0.contract == aapl }
        #expect(stock.count == 4 && stock.allSatisfy { $0.duration.seconds <= 5_850 }, "\(stock)")
        // Forex was never refused: its chunks keep the table's size.
        let plain = try Planner().plan(request, now: utc(2024, 4, 15))
        #expect(learned.chunks.filter { $0.contract == eurusd } == plain.chunks.filter { $0.contract == eurusd })
        #expect(plain.chunks.filter { $0.contract == aapl }.count == 1)
    }

    @Test func theDocumentedMaximumTakesOneRequestPerRegularSession() throws {
        // Thu 28 Mar 2024: 13:30–20:00Z. 1 secs: 23 400 s in 2000 S requests = 12; 5 to 15 secs: one each.
        let expected = ["1 secs": 12, "5 secs": 1, "10 secs": 1, "15 secs": 1]
        for (name, count) in expected {
            let result = try plan(
                [aapl],
                from: utc(2024, 3, 28),
                to: utc(2024, 3, 29),
                bar: name,
                rth: true,
                now: utc(2024, 4, 15)
            )
            #expect(result.chunks.count == count, "\(name): \(result.chunks)")
        }
    }

    @Test func aReplyMissingTheFrontOfItsWindowAndDenseAfterIsCutShort() {
        let window = (close - 23_400)..<close
        let latestTwoHours = Array(stride(from: close - 7_200, to: close, by: 5))
        #expect(
            TruncatedReply.detect(
                contract: aapl,
                barSize: bar("5 secs"),
                useRTH: true,
                window: window,
                barStarts: latestTwoHours
            )
        )
        // The last two hours of an early close's 3.5 hours: a cut of less than half is still one.
        let earlyClose = (close - 12_600)..<close
        #expect(
            TruncatedReply.detect(
                contract: aapl,
                barSize: bar("5 secs"),
                useRTH: true,
                window: earlyClose,
                barStarts: latestTwoHours
            )
        )
        // Sparse bars over the whole window, a full reply, or one opening 20 minutes late are not.
        let lateOpening = Array(stride(from: close - 23_400 + 1_200, to: close, by: 5))
        #expect(
            !TruncatedReply.detect(
                contract: aapl,
                barSize: bar("5 secs"),
                useRTH: true,
                window: window,
                barStarts: lateOpening
            )
        )
        let sparse = Array(stride(from: close - 23_400, to: close, by: 300))
        #expect(
            !TruncatedReply.detect(
                contract: aapl,
                barSize: bar("5 secs"),
                useRTH: true,
                window: window,
                barStarts: sparse
            )
        )
        let full = Array(stride(from: close - 23_400, to: close, by: 5))
        #expect(
            !TruncatedReply.detect(
                contract: aapl,
                barSize: bar("5 secs"),
                useRTH: true,
                window: window,
                barStarts: full
            )
        )
        // A thin instrument that traded only late in the day is not taken for truncated either.
        let lateAndThin = Array(stride(from: close - 7_200, to: close, by: 60))
        #expect(
            !TruncatedReply.detect(
                contract: aapl,
                barSize: bar("5 secs"),
                useRTH: true,
                window: window,
                barStarts: lateAndThin
            )
        )
    }
}
