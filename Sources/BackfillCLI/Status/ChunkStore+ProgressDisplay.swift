import BackfillStore

extension ChunkStore.BackfillProgress {
    /// Chunks finished: stored with bars, or found empty.
    public var finished: Int { done + empty }

    /// Chunks still to work on (pending, queued, running or retrying); dead and cancelled ones are not.
    public var remaining: Int { max(0, total - done - empty - dead - cancelled) }

    /// Whether this backfill downloads ticks: its pages are found as it goes, so progress counts session chains.
    public var isTickBackfill: Bool { tickChains > 0 }

    /// What progress is counted in: session chains for ticks, chunks for bars.
    private var progressUnits: (finished: Int, total: Int) {
        isTickBackfill ? (tickChainsFinished, tickChains) : (finished, total)
    }

    /// Tenths of a percent finished, rounded down so that 100 % means every chunk (every chain, for ticks); a
    /// backfill without chunks (all of its range was already stored) is complete.
    public var tenthsOfPercentFinished: Int {
        let (finished, total) = progressUnits
        guard total > 0 else { return 1000 }
        return min(1000, max(0, finished) * 1000 / total)
    }

    /// `45.2%`.
    public var percentText: String {
        let tenths = tenthsOfPercentFinished
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// `[#########-----------]  45.2%`: `width` cells (at least 1), filled in proportion to the chunks finished
    /// and rounded down (a full bar means every chunk), then the percentage right-aligned in six characters.
    public func progressBar(width: Int = 20) -> String {
        let width = max(1, width)
        let (finished, total) = progressUnits
        let filled = total > 0 ? min(width, max(0, finished) * width / total) : width
        let percent = percentText
        let padding = String(repeating: " ", count: max(0, 6 - percent.count))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + padding + percent
    }

    /// The recorded state, except that an active backfill with nothing left to work on shows as `finished`.
    public var stateText: String {
        state == "active" && remaining == 0 ? "finished" : state
    }

    /// `done` when nothing is left, `—` when unknown (nothing finished recently, or cancelled), else the time at
    /// the recent rate.
    public var etaText: String {
        if state == "cancelled" { return "—" }
        // A chain's length is known only at its end: no honest ETA until every chain has ended.
        if isTickBackfill, tickChainsFinished < tickChains { return "—" }
        guard let seconds = etaSeconds else { return "—" }
        return seconds == 0 ? "done" : Self.durationText(seconds: seconds)
    }

    /// `4.5 chunks/min` (`pages/min` for ticks), to one decimal.
    public var rateText: String {
        let tenths = Int((ratePerMinute * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(isTickBackfill ? "pages" : "chunks")/min"
    }

    /// Two lines for `backfill status`: who and what state, then the bar and the counts.
    ///
    /// ```
    /// 0f3c…e1 (AAPL minutes)  active, priority 3
    ///   [#########-----------]  45.2%  120/266 chunks, 1,234,567 bars, 2 retrying, 0 dead, 4.5 chunks/min, ETA 32 min
    /// ```
    public func statusLines(barWidth: Int = 20) -> [String] {
        var counts =
            isTickBackfill
            ? [
                "\(tickChainsFinished)/\(tickChains) session chains", "\(finished) pages",
                "\(Self.grouped(ticks)) ticks",
                "\(retrying) retrying", "\(dead) dead",
            ]
            : ["\(finished)/\(total) chunks", "\(Self.grouped(bars)) bars", "\(retrying) retrying", "\(dead) dead"]
        if cancelled > 0 { counts.append("\(cancelled) cancelled") }
        counts += [rateText, "ETA \(etaText)"]
        return [
            "\(id)\(name.map { " (\($0))" } ?? "")  \(stateText), priority \(priority)",
            "  \(progressBar(width: barWidth))  " + counts.joined(separator: ", "),
        ]
    }

    /// A duration for people, as coarse as an ETA needs: `42 s`, `12 min`, `2 h 5 min`, `3 d 4 h`.
    public static func durationText(seconds: Int) -> String {
        let seconds = max(0, seconds)
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 { return "\(seconds / 60) min" }
        if seconds < 86400 { return "\(seconds / 3600) h \(seconds % 3600 / 60) min" }
        return "\(seconds / 86400) d \(seconds % 86400 / 3600) h"
    }

    /// `1,234,567`, whatever the locale.
    static func grouped(_ number: Int64) -> String {
        let digits = String(number.magnitude)
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return number < 0 ? "-" + text : text
    }
}
