import TWSProtocol

extension PlanRequest {
    /// The id of the backfill this request makes: derived from the request itself (contracts in any order,
    /// range, bar size, what-to-show, useRTH), so enqueueing the same request twice finds the same backfill.
    public var backfillID: String {
        let contracts = contracts.map(\.planningIdentity).sorted().joined(separator: ";")
        return ChunkID.stableHash([
            "backfill-v1", contracts, "\(from)", "\(to)", barSize.ibName, whatToShow.uppercased(), useRTH ? "1" : "0",
        ])
    }
}
