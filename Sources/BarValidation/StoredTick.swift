import TWSProtocol

/// A tick as it is stored: IB's tick, with its position among the ticks of its second.
///
/// The storage key is (instrument, tick type, ``tick``'s time, ``position``). Every page of a chain starts on a
/// whole second, so a second's ticks get the same positions whichever page fetched them.
public struct StoredTick: Sendable, Hashable {
    /// The tick, with numbers as the decimal text IB sent.
    public var tick: HistoricalTick
    /// 0 for the first tick of its second in IB's order, then 1, 2, …
    public var position: Int

    /// Creates a stored tick.
    public init(tick: HistoricalTick, position: Int) {
        self.tick = tick
        self.position = position
    }
}
