/// Where a tick chain goes after a page's reply: the next page's start, or the end of the chain.
///
/// IB returns at most the requested number of ticks (1000) from the page's start and, per its docs, "a few more to
/// finish the second". Read literally, a full page then holds every tick of its last second, and the next page could
/// start one second later; read cautiously, IB may cut the last second. ⚠ Both readings are served by one rule:
///
/// - fewer ticks than requested: the session holds no more (IB answers one session per request), so the chain ends;
/// - more ticks than requested: IB finished the last second (the reply proves the first reading), so the next page
///   starts at the following second;
/// - exactly as many as requested: the last second may be cut, so the next page starts *at* that second and
///   fetches it again. The second's ticks get the same positions (a page always starts on a second boundary), so
///   the upsert keeps each once and adds those the cut left out. Only a page that is a single second (all of it
///   one second, exactly full) moves on by one second, since asking again would return the same page forever; that
///   second may have held more ticks than IB sends (``mayHaveTruncatedSecond``), which is counted, not hidden;
/// - a last tick at or after the session end: the chain ends.
///
/// Each next page starts strictly after the current page's start, so a chain always ends.
public struct TickPageBoundary: Sendable, Hashable {
    /// The next page's first second, or nil when the chain ends with this page.
    public let nextStart: Int64?
    /// Whether the page was one second holding exactly the requested count: more ticks of that second may exist
    /// than any start-anchored request can return.
    public let mayHaveTruncatedSecond: Bool

    /// Decides the boundary after a page.
    ///
    /// - Parameters:
    ///   - page: The page that was fetched.
    ///   - tickTimes: The reply's tick times in the order IB sent them (epoch seconds).
    ///   - requested: The number of ticks asked for.
    public init(after page: TickPage, tickTimes: [Int64], requested: Int) {
        guard tickTimes.count >= requested, let first = tickTimes.min(), let last = tickTimes.max() else {
            (nextStart, mayHaveTruncatedSecond) = (nil, false)
            return
        }
        let next: Int64
        var truncated = false
        if tickTimes.count > requested {
            next = last + 1
        } else if first == last {
            next = last + 1
            truncated = true
        } else {
            next = last
        }
        mayHaveTruncatedSecond = truncated
        nextStart = next > page.start && next < page.sessionEnd ? next : nil
    }
}
