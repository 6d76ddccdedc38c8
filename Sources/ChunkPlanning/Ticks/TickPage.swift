import TWSProtocol

/// One `reqHistoricalTicks` request's worth of work: a page of one session's *chain*.
///
/// A session's ticks cannot be counted in advance, so the planner makes only the session's first page; each page's
/// reply decides where the next one starts (``TickPageBoundary``), and the next page is written to PostgreSQL in
/// the same transaction as this page's ticks. Every page asks from a whole second (``start``) with no end time, so
/// the position of a tick within its second, counted from the page's start, is the same whichever page fetched it:
/// that position is part of the ticks' storage key.
public struct TickPage: Sendable, Hashable, CustomStringConvertible {
    /// Derived from the contract, tick type, useRTH and ``start`` (``ChunkID/init(tickPageOf:tickType:useRTH:start:)``),
    /// so the same page is the same chunk in every process and every plan.
    public let id: ChunkID
    /// The instrument.
    public let contract: Contract
    /// What the page asks for.
    public let tickType: TickType
    /// Regular trading hours only (IB `useRTH=1`).
    public let useRTH: Bool
    /// The first second asked for (UTC epoch seconds), sent as the request's start time.
    public let start: Int64
    /// The end of the session (exclusive): the chain's last second is before it. Ticks at or after it belong to
    /// another session's chain and are not stored by this one.
    public let sessionEnd: Int64
    /// The id of the session's first page: the same for every page of the chain.
    public let chainID: ChunkID
    /// 0 for the session's first page, then 1, 2, …
    public let pageIndex: Int

    /// Creates a page; the planner and ``next(startingAt:)`` are the usual sources, and the store rebuilds pages
    /// from their rows.
    ///
    /// - Parameters:
    ///   - contract: The instrument.
    ///   - tickType: What to ask for.
    ///   - useRTH: Regular trading hours only.
    ///   - start: The first second, UTC epoch seconds.
    ///   - sessionEnd: The end of the session (exclusive); must be after `start`.
    ///   - chainID: The id of the chain's first page, or nil when this is the first page.
    ///   - pageIndex: The page's place in the chain.
    public init(
        contract: Contract,
        tickType: TickType,
        useRTH: Bool,
        start: Int64,
        sessionEnd: Int64,
        chainID: ChunkID? = nil,
        pageIndex: Int = 0
    ) {
        let id = ChunkID(tickPageOf: contract, tickType: tickType, useRTH: useRTH, start: start)
        self.id = id
        self.contract = contract
        self.tickType = tickType
        self.useRTH = useRTH
        self.start = start
        self.sessionEnd = sessionEnd
        self.chainID = chainID ?? id
        self.pageIndex = pageIndex
    }

    /// A page as stored, with the id it was recorded under (its contract may have learnt its conId since, which
    /// would derive another id).
    ///
    /// - Parameters:
    ///   - id: The recorded id.
    ///   - contract: The instrument.
    ///   - tickType: What to ask for.
    ///   - useRTH: Regular trading hours only.
    ///   - start: The first second, UTC epoch seconds.
    ///   - sessionEnd: The end of the session (exclusive).
    ///   - chainID: The id of the chain's first page.
    ///   - pageIndex: The page's place in the chain.
    public init(
        recordedAs id: ChunkID,
        contract: Contract,
        tickType: TickType,
        useRTH: Bool,
        start: Int64,
        sessionEnd: Int64,
        chainID: ChunkID,
        pageIndex: Int
    ) {
        self.id = id
        self.contract = contract
        self.tickType = tickType
        self.useRTH = useRTH
        self.start = start
        self.sessionEnd = sessionEnd
        self.chainID = chainID
        self.pageIndex = pageIndex
    }

    /// The chain's next page, starting at `start` (a whole second after this page's start).
    public func next(startingAt start: Int64) -> TickPage {
        TickPage(
            contract: contract,
            tickType: tickType,
            useRTH: useRTH,
            start: start,
            sessionEnd: sessionEnd,
            chainID: chainID,
            pageIndex: pageIndex + 1
        )
    }

    /// The start time as sent: `yyyyMMdd-HH:mm:ss` in UTC (DESIGN invariant 8).
    public var startDateTime: String {
        PlannedChunk.endDateTimeText(start)
    }

    /// `AAPL@SMART STK USD TRADES RTH ticks from 20240105-14:30:00 (page 3)`, for logs and test failures.
    public var description: String {
        "\(contract) \(tickType)\(useRTH ? " RTH" : "") ticks from \(startDateTime) (page \(pageIndex))"
    }
}

extension ChunkID {
    /// The id of the tick page that asks for `tickType` ticks of `contract` from `start`.
    ///
    /// - Parameters:
    ///   - contract: The instrument (its identity: conId, or its naming fields).
    ///   - tickType: The tick type.
    ///   - useRTH: Regular trading hours only.
    ///   - start: The page's first second, UTC epoch seconds.
    public init(tickPageOf contract: Contract, tickType: TickType, useRTH: Bool, start: Int64) {
        self = Self.digest([
            "ticks-v1", contract.planningIdentity, tickType.rawValue, useRTH ? "1" : "0", "\(start)",
        ])
    }
}
