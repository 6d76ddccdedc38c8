/// A pure audit of grant times: the most weight that ever fell inside one window.
///
/// An event at `t` is inside a window `w` at `now` while `now - t < w` (the pacer's and the simulator's
/// boundary), so the heaviest window always ends at some event: for each event, sum the events in `(t - w, t]`.
enum SlidingWindow {
    /// The largest total weight of events inside any window of `window` milliseconds.
    static func maximumWeight(of events: [(time: Int64, weight: Int)], window: Int64) -> Int {
        let sorted = events.sorted { $0.time < $1.time }
        var best = 0
        var total = 0
        var start = 0
        var end = 0
        while end < sorted.count {
            // Add every event at this time, so ties count together.
            let now = sorted[end].time
            while end < sorted.count, sorted[end].time == now {
                total += sorted[end].weight
                end += 1
            }
            while now - sorted[start].time >= window {
                total -= sorted[start].weight
                start += 1
            }
            best = max(best, total)
        }
        return best
    }
}
