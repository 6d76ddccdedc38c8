import TWSProtocol

/// A request waiting for its answer, with what has arrived so far.
enum PendingRequest {
    case bars(CheckedContinuation<HistoricalBars, any Error>, [Bar])
    case headTimestamp(CheckedContinuation<String, any Error>)
    case contractDetails(CheckedContinuation<[ContractDetails], any Error>, [ContractDetails])
    case ticks(CheckedContinuation<[HistoricalTick], any Error>, [HistoricalTick])

    /// The message that cancels it at the gateway, if IB has one.
    func cancelRequest(_ requestID: Int) -> TWSRequest? {
        switch self {
        case .bars, .ticks: .cancelHistoricalData(requestID: requestID)
        case .headTimestamp: .cancelHeadTimestamp(requestID: requestID)
        case .contractDetails: nil
        }
    }

    func fail(_ error: TWSClientError) {
        switch self {
        case .bars(let continuation, _): continuation.resume(throwing: error)
        case .headTimestamp(let continuation): continuation.resume(throwing: error)
        case .contractDetails(let continuation, _): continuation.resume(throwing: error)
        case .ticks(let continuation, _): continuation.resume(throwing: error)
        }
    }
}
