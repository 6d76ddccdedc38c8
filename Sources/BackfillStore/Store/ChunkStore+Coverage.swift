import ChunkPlanning
import TWSProtocol

extension ChunkStore {
    /// What finished chunks already cover for every contract of a plan request (same bar size, what-to-show and
    /// useRTH), for incremental planning: ``Planner`` does not plan those ranges again.
    public func coveredRanges(for request: PlanRequest) async throws -> CoveredRanges {
        var covered = CoveredRanges()
        for contract in request.contracts {
            for range in try await coveredRanges(
                contract: contract,
                barSize: request.barSize.ibName,
                whatToShow: request.whatToShow,
                useRTH: request.useRTH
            ) {
                covered.insert(
                    range,
                    contract: contract,
                    barSize: request.barSize,
                    whatToShow: request.whatToShow,
                    useRTH: request.useRTH
                )
            }
        }
        return covered
    }
}
