import TWSProtocol

/// Plausible IB texts for errors injected with `--fault error=CODE:SYMBOL` (from ib-protocol.md §5).
enum SimulatorErrorTexts {
    static func text(for code: Int, contract: Contract, requestID: Int) -> String {
        switch code {
        case 162:
            "Historical Market Data Service error message:No market data permissions for \(contract.exchange) \(contract.secType.rawValue)"
        case 165:
            "Historical Market Data Service query message:HMDS server disconnect occurred.  Attempting reconnection"
        case 166: "HMDS Expired Contract Violation"
        case 200: "No security definition has been found for the request"
        case 321: "Error validating request.-'bM' : cause - Injected validation failure"
        case 322: "Error processing request:-'wd' : cause - Only 50 simultaneous API historical data requests allowed."
        case 354: "Requested market data is not subscribed."
        case 10187: "Failed to request historical ticks:No market data permissions"
        default: "Simulated error \(code)"
        }
    }
}
