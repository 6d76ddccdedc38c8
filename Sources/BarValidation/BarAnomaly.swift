/// Something wrong with one bar of a reply, as ``BarValidator`` counts it.
///
/// Each kind says what happens to the bar; whether the whole reply is still usable is decided from the counts
/// (see ``BarValidator``).
public enum BarAnomaly: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The prices contradict each other: not `low ≤ open ≤ high` and `low ≤ close ≤ high`. The bar is dropped:
    /// storing it would put an impossible bar into a series that analysts treat as clean.
    case inconsistentOHLC
    /// The bar does not overlap the chunk's window. The bar is dropped: it belongs to a neighbouring chunk, which
    /// fetches it itself, and a bar after the window may still have been forming when it was sent.
    case outsideWindow
    /// The bar starts earlier than the bar before it in the reply. The bar is kept; the result is sorted.
    case outOfOrder
    /// Another bar of the reply has the same start. One bar per start is kept (the one IB sent last), because the
    /// upsert can write each key only once per statement.
    case duplicateTimestamp
    /// A price, volume or WAP is not plain decimal text (or a volume is negative other than IB's `-1`). The bar is
    /// dropped: PostgreSQL could not store it, or it would store a wrong number.
    case unparsableNumber
    /// The date is neither epoch seconds (intraday bars, formatDate 2) nor a real `yyyyMMdd` date (daily and
    /// longer). The bar is dropped, and the reply is unusable.
    case unparsableDate

    /// The kind's name, e.g. `inconsistentOHLC`.
    public var description: String {
        rawValue
    }
}
