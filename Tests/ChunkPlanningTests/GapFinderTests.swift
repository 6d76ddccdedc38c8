import ChunkPlanning
import MarketCalendar
import TWSProtocol
import Testing

struct GapFinderTests: PlannerFixtures {
    /// Three NYSE regular sessions, 2024-03-12 to 14.
    var sessions: [ExpectedSession] {
        ExpectedSession.sessions(kind: .usEquity, useRTH: true, from: utc(2024, 3, 12), to: utc(2024, 3, 15))
    }

    func minutes(_ from: Int64, _ to: Int64) -> [Int64] { Array(stride(from: from, to: to, by: 60)) }

    @Test func expectedSessionsAreTheClosedOnesClipped() {
        #expect(sessions.count == 3)
        #expect(sessions.first?.interval == utc(2024, 3, 12, 13, 30)..<utc(2024, 3, 12, 20))
        #expect(sessions.first?.dailyStamp == utc(2024, 3, 12))
        // A session still open at `to` is not expected yet; one cut by `from` is clipped.
        let partial = ExpectedSession.sessions(
            kind: .usEquity,
            useRTH: true,
            from: utc(2024, 3, 12, 15),
            to: utc(2024, 3, 13, 16)
        )
        #expect(partial.map(\.interval) == [utc(2024, 3, 12, 15)..<utc(2024, 3, 12, 20)])
        let days = ExpectedSession.sessions(kind: nil, useRTH: false, from: utc(2024, 3, 12), to: utc(2024, 3, 14, 6))
        #expect(days.count == 2)
    }

    @Test func eachHoleTakesItsCauseFromTheChunksOverIt() {
        let tuesday = sessions[0].interval
        let wednesday = sessions[1].interval
        let thursday = sessions[2].interval
        // Tuesday fetched with a halt 15:00–15:45; Wednesday empty at IB; Thursday dead.
        let bars =
            minutes(tuesday.lowerBound, utc(2024, 3, 12, 15)) + minutes(utc(2024, 3, 12, 15, 45), tuesday.upperBound)
        let chunks = [
            CoverageChunk(id: "t", window: utc(2024, 3, 11, 20)..<tuesday.upperBound, state: "done"),
            CoverageChunk(
                id: "w",
                window: tuesday.upperBound..<wednesday.upperBound,
                state: "empty",
                errorCode: 162,
                errorText: "no data"
            ),
            CoverageChunk(
                id: "h",
                window: wednesday.upperBound..<thursday.upperBound,
                state: "dead",
                errorCode: 200,
                errorText: "no such"
            ),
        ]
        let gaps = GapFinder.gaps(sessions: sessions, barSeconds: 60, daily: false, chunks: chunks, barStarts: bars)
        #expect(
            gaps.map(\.cause) == [
                .missingInFetchedSession(refetched: false), .noData(code: 162, text: "no data"),
                .deadLettered(code: 200, text: "no such"),
            ]
        )
        #expect(gaps[0].interval == utc(2024, 3, 12, 15)..<utc(2024, 3, 12, 15, 45))
        #expect(gaps[0].missingBars == 45)
        #expect(gaps[0].chunkIDs == ["t"])
        #expect(gaps[1].interval == wednesday && gaps[1].missingBars == 390)
        #expect(gaps.map(\.cause.isFillable) == [true, false, false])
    }

    @Test func wholeSessionsInARowWithOneCauseAreOneGapAndPendingWins() {
        let gaps = GapFinder.gaps(sessions: sessions, barSeconds: 60, daily: false, chunks: [], barStarts: [])
        #expect(gaps.count == 1)
        #expect(gaps.first?.cause == .neverFetched && gaps.first?.sessions == 3)
        #expect(gaps.first?.interval == sessions[0].interval.lowerBound..<sessions[2].interval.upperBound)
        let queued = [
            CoverageChunk(id: "q", window: utc(2024, 3, 11)..<utc(2024, 3, 15), state: "queued"),
            CoverageChunk(id: "d", window: utc(2024, 3, 11)..<utc(2024, 3, 15), state: "dead"),
            CoverageChunk(id: "c", window: utc(2024, 3, 11)..<utc(2024, 3, 15), state: "cancelled"),
        ]
        let pending = GapFinder.gaps(sessions: sessions, barSeconds: 60, daily: false, chunks: queued, barStarts: [])
        #expect(pending.map(\.cause) == [.pending])
        #expect(pending.first?.chunkIDs == ["q"])
    }

    @Test func barsOnAnotherGridCoverTheirWholeLengthAndDailyBarsGoByDate() {
        // Hourly bars starting 13:30 then on the hour cover the session; a bar of 13:00 reaches into it too.
        let tuesday = sessions[0].interval
        let hourly: [Int64] =
            [utc(2024, 3, 12, 13)] + stride(from: utc(2024, 3, 12, 14), to: tuesday.upperBound, by: 3_600)
        #expect(
            GapFinder.gaps(sessions: [sessions[0]], barSeconds: 3_600, daily: false, chunks: [], barStarts: hourly)
                .isEmpty
        )
        let daily = [utc(2024, 3, 12), utc(2024, 3, 14)]
        let gaps = GapFinder.gaps(sessions: sessions, barSeconds: 86_400, daily: true, chunks: [], barStarts: daily)
        #expect(gaps.map(\.interval) == [sessions[1].interval])
        #expect(gaps.first?.missingBars == 1)
    }
}
