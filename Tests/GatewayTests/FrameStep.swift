import Foundation
import TWSClient
import TWSProtocol

/// One request of the frame-fidelity plan, which IB's official client and ours both send.
struct FrameStep {
    enum Operation: String {
        case bars, cancelBars, head, ticks, details, time
    }

    var operation: Operation
    var contract = Contract(symbol: "", secType: .stock, exchange: "", currency: "")
    var parameters: [String: String] = [:]

    static func bars(_ contract: Contract, _ whatToShow: String, useRTH: Bool, barSize: String = "1 min") -> Self {
        let end = contract.secType == .continuousFuture ? "" : "20261124-21:00:00"
        return FrameStep(
            operation: .bars,
            contract: contract,
            parameters: [
                "endDateTime": end, "duration": "1 D", "barSize": barSize, "whatToShow": whatToShow,
                "useRTH": useRTH ? "1" : "0",
            ]
        )
    }

    /// For ibapi's script: the step as JSON, the contract with every field ours sends.
    var json: [String: Any] {
        var object: [String: Any] = parameters
        object["op"] = operation.rawValue
        if let number = parameters["numberOfTicks"] { object["numberOfTicks"] = Int(number) ?? 1000 }
        object["contract"] = [
            "conId": contract.conId, "symbol": contract.symbol, "secType": contract.secType.rawValue,
            "lastTradeDateOrContractMonth": contract.lastTradeDateOrContractMonth, "strike": contract.strike,
            "right": contract.right, "multiplier": contract.multiplier, "exchange": contract.exchange,
            "primaryExchange": contract.primaryExchange, "currency": contract.currency,
            "localSymbol": contract.localSymbol, "tradingClass": contract.tradingClass,
            "includeExpired": contract.includeExpired,
        ]
        return object
    }

    /// Sends the step with our client and waits for its answer (an IB error is an answer too).
    func send(on client: TWSConnection) async {
        let rth = parameters["useRTH"] == "1"
        let what = parameters["whatToShow"] ?? "TRADES"
        switch operation {
        case .bars:
            _ = try? await historicalBars(on: client)
        case .cancelBars:
            let request = Task { try await historicalBars(on: client) }
            try? await Task.sleep(for: .milliseconds(300))
            request.cancel()
            _ = try? await request.value
        case .head:
            _ = try? await client.headTimestamp(contract: contract, whatToShow: what, useRTH: rth)
            // Our client cancels a head-timestamp request once answered; let that frame out before the next step.
            try? await Task.sleep(for: .milliseconds(200))
        case .ticks:
            _ = try? await client.historicalTicks(contract: contract, parameters: parameters)
        case .details:
            _ = try? await client.contractDetails(contract)
        case .time:
            _ = try? await client.currentTime()
        }
    }

    private func historicalBars(on client: TWSConnection) async throws -> HistoricalBars {
        try await client.historicalBars(contract: contract, parameters: parameters)
    }
}
