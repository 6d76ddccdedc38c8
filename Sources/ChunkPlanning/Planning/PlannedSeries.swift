import TWSProtocol

/// The request fields every chunk of one contract shares in a plan: kept once per contract and referenced by each
/// ``PlannedChunk``, so a plan of half a million chunks does not hold half a million copies of a contract.
///
/// Immutable, so sharing one instance between chunks, threads and tasks is safe.
final class PlannedSeries: Sendable {
    let contract: Contract
    let barSize: BarSizeSetting
    let whatToShow: String
    let useRTH: Bool

    init(contract: Contract, barSize: BarSizeSetting, whatToShow: String, useRTH: Bool) {
        self.contract = contract
        self.barSize = barSize
        self.whatToShow = whatToShow
        self.useRTH = useRTH
    }

    /// Whether both describe the same series (the same instance, or equal fields).
    func matches(_ other: PlannedSeries) -> Bool {
        self === other
            || (contract == other.contract && barSize == other.barSize && whatToShow == other.whatToShow
                && useRTH == other.useRTH)
    }
}
