import TWSClient
import TWSProtocol

/// Requests described by IB's parameter names (as the simulator audits them), for the interop tests that send
/// what another client sent.
extension TWSConnection {
    func historicalBars(contract: Contract, parameters: [String: String]) async throws -> HistoricalBars {
        try await historicalBars(
            contract: contract,
            endDateTime: parameters["endDateTime"] ?? "",
            duration: parameters["duration"] ?? "",
            barSize: parameters["barSize"] ?? "",
            whatToShow: parameters["whatToShow"] ?? "TRADES",
            useRTH: parameters["useRTH"] == "1"
        )
    }

    func historicalTicks(contract: Contract, parameters: [String: String]) async throws -> [HistoricalTick] {
        try await historicalTicks(
            contract: contract,
            startDateTime: parameters["startDateTime"] ?? "",
            endDateTime: parameters["endDateTime"] ?? "",
            count: Int(parameters["numberOfTicks"] ?? "") ?? 1000,
            whatToShow: parameters["whatToShow"] ?? "TRADES",
            useRTH: parameters["useRTH"] == "1"
        )
    }
}
