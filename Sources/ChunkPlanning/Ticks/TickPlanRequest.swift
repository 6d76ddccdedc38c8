import TWSProtocol

/// What a user asked to download as ticks: instruments × a UTC range × one tick type and useRTH.
public struct TickPlanRequest: Sendable, Hashable {
    /// The instruments; duplicates are planned once.
    public var contracts: [Contract]
    /// The first second wanted, UTC epoch seconds.
    public var from: Int64
    /// The end of the range, exclusive.
    public var to: Int64
    /// What to download.
    public var tickType: TickType
    /// `true` for regular trading hours only: each chain covers the regular session, else the whole session.
    public var useRTH: Bool
    /// IB's earliest data per contract for this tick type's what-to-show, UTC epoch seconds, when known.
    public var headTimestamps: [Contract: Int64]

    /// Creates a request.
    public init(
        contracts: [Contract],
        from: Int64,
        to: Int64,
        tickType: TickType,
        useRTH: Bool,
        headTimestamps: [Contract: Int64] = [:]
    ) {
        self.contracts = contracts
        self.from = from
        self.to = to
        self.tickType = tickType
        self.useRTH = useRTH
        self.headTimestamps = headTimestamps
    }

    /// The backfill's id: derived from the request like a bar backfill's (``PlanRequest/backfillID``), with the
    /// tick type in place of a bar size.
    public var backfillID: String {
        let contracts = contracts.map(\.planningIdentity).sorted().joined(separator: ";")
        return ChunkID.stableHash([
            "tick-backfill-v1", contracts, "\(from)", "\(to)", tickType.rawValue, useRTH ? "1" : "0",
        ])
    }

    /// The same instruments and range as a bar request, for what both share (validation, head timestamps).
    public var asBarRequest: PlanRequest {
        PlanRequest(
            contracts: contracts,
            from: from,
            to: to,
            barSize: .oneSecond,
            whatToShow: tickType.rawValue,
            useRTH: useRTH,
            headTimestamps: headTimestamps
        )
    }
}
