import BackfillStore
import Testing

@testable import BackfillCLI

/// The per-backfill lines of `backfill status`: bars, percentages, rates and ETAs, as pure functions.
@Suite struct StatusProgressTests {
    typealias Progress = ChunkStore.BackfillProgress

    @Test func barAndPercentRoundDownSoAFullBarMeansEveryChunk() {
        #expect(Progress(id: "b", total: 1000, done: 452).progressBar() == "[#########-----------]  45.2%")
        #expect(Progress(id: "b", total: 1000, done: 400, empty: 52).progressBar() == "[#########-----------]  45.2%")
        #expect(Progress(id: "b", total: 10000, done: 9999).progressBar() == "[###################-]  99.9%")
        #expect(Progress(id: "b", total: 26, done: 26).progressBar() == "[####################] 100.0%")
        #expect(Progress(id: "b", total: 26).progressBar() == "[--------------------]   0.0%")
        #expect(Progress(id: "b", total: 26, done: 2).progressBar() == "[#-------------------]   7.6%")
        // Dead and cancelled chunks are not progress.
        #expect(Progress(id: "b", total: 10, done: 5, dead: 5).progressBar() == "[##########----------]  50.0%")
    }

    @Test func aBackfillWithoutChunksIsComplete() {
        let empty = Progress(id: "b", total: 0)
        #expect(empty.progressBar() == "[####################] 100.0%")
        #expect(empty.etaText == "done")
        #expect(empty.stateText == "finished")
    }

    @Test func widthIsHonouredAndAtLeastOne() {
        let half = Progress(id: "b", total: 4, done: 2)
        #expect(half.progressBar(width: 10) == "[#####-----]  50.0%")
        #expect(half.progressBar(width: 1) == "[-]  50.0%")
        #expect(half.progressBar(width: 0) == "[-]  50.0%")
        #expect(Progress(id: "b", total: 4, done: 4).progressBar(width: 1) == "[#] 100.0%")
        // A stale total smaller than the finished count still draws a full bar, not more.
        #expect(Progress(id: "b", total: 4, done: 6).progressBar(width: 4) == "[####] 100.0%")
    }

    @Test func rateCountsOverTenMinutesOrSinceWorkBegan() {
        // Working for an hour: 30 finished in the last ten minutes is 3 a minute.
        #expect(Progress(id: "b", total: 100, finishedRecently: 30, activeSeconds: 3600).ratePerMinute == 3)
        // Working for two minutes: 10 finished is 5 a minute, not 1.
        let young = Progress(id: "b", total: 100, done: 10, finishedRecently: 10, activeSeconds: 120)
        #expect(young.ratePerMinute == 5)
        #expect(young.rateText == "5.0 chunks/min")
        #expect(young.etaSeconds == 18 * 60)
        #expect(young.etaText == "18 min")
        // The first seconds count as a minute.
        #expect(Progress(id: "b", total: 100, finishedRecently: 2, activeSeconds: 5).ratePerMinute == 2)
        #expect(Progress(id: "b", total: 100, finishedRecently: 1, activeSeconds: 3600).rateText == "0.1 chunks/min")
    }

    @Test func etaIsUnknownDoneOrATime() {
        #expect(Progress(id: "b", total: 100, done: 10).etaText == "—")
        #expect(Progress(id: "b", total: 100, done: 10).rateText == "0.0 chunks/min")
        #expect(Progress(id: "b", total: 10, done: 8, dead: 2).etaText == "done")
        #expect(Progress(id: "b", state: "cancelled", total: 10, done: 2, cancelled: 8).etaText == "—")
        let slow = Progress(id: "b", total: 10_000, finishedRecently: 6, activeSeconds: 3600)
        #expect(slow.etaSeconds == 10_000 * 100)
        #expect(slow.etaText == "11 d 13 h")
        #expect(Progress(id: "b", total: 2, done: 1, finishedRecently: 60, activeSeconds: 600).etaText == "10 s")
    }

    @Test func durations() {
        #expect(Progress.durationText(seconds: -5) == "0 s")
        #expect(Progress.durationText(seconds: 59) == "59 s")
        #expect(Progress.durationText(seconds: 60) == "1 min")
        #expect(Progress.durationText(seconds: 3599) == "59 min")
        #expect(Progress.durationText(seconds: 3600) == "1 h 0 min")
        #expect(Progress.durationText(seconds: 90_061) == "1 d 1 h")
    }

    @Test func statusLines() {
        let progress = Progress(
            id: "0123456789abcdef0123456789abcdef",
            name: "AAPL minutes",
            priority: 3,
            total: 266,
            done: 110,
            empty: 10,
            dead: 1,
            retrying: 2,
            bars: 1_234_567,
            finishedRecently: 45,
            activeSeconds: 7200
        )
        #expect(
            progress.statusLines() == [
                "0123456789abcdef0123456789abcdef (AAPL minutes)  active, priority 3",
                "  [#########-----------]  45.1%  120/266 chunks, 1,234,567 bars, 2 retrying, 1 dead, 4.5 chunks/min, ETA 32 min",
            ]
        )
        let cancelled = Progress(id: "x", state: "cancelled", total: 3, done: 1, cancelled: 2, bars: 999)
        #expect(
            cancelled.statusLines(barWidth: 3) == [
                "x  cancelled, priority 0",
                "  [#--]  33.3%  1/3 chunks, 999 bars, 0 retrying, 0 dead, 2 cancelled, 0.0 chunks/min, ETA —",
            ]
        )
    }
}
