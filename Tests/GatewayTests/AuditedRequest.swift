import Foundation
import TWSClient
import TWSProtocol

/// A request another client sent the simulator, read back from its audit, so our client can send the same one.
struct AuditedRequest {
    enum Kind: String {
        case contractDetails = "reqContractDetails"
        case historicalData = "reqHistoricalData"
        case historicalTicks = "reqHistoricalTicks"
    }

    let kind: Kind
    let contract: Contract
    let parameters: [String: String]

    /// The replayable requests of one client, in the order the simulator received them.
    static func all(in auditLines: [String], clientID: Int) -> [AuditedRequest] {
        auditLines.compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["event"] as? String == "request", object["clientId"] as? Int == clientID,
                let kind = (object["message"] as? String).flatMap(Kind.init(rawValue:)),
                let parameters = object["parameters"] as? [String: String]
            else { return nil }
            return AuditedRequest(kind: kind, contract: contract(parameters), parameters: parameters)
        }
    }

    private static func contract(_ parameters: [String: String]) -> Contract {
        Contract(
            conId: Int(parameters["conId"] ?? "") ?? 0,
            symbol: parameters["symbol"] ?? "",
            secType: SecurityType(rawValue: parameters["secType"] ?? "") ?? .stock,
            lastTradeDateOrContractMonth: parameters["lastTradeDateOrContractMonth"] ?? "",
            exchange: parameters["exchange"] ?? "",
            primaryExchange: parameters["primaryExchange"] ?? "",
            currency: parameters["currency"] ?? "",
            localSymbol: parameters["localSymbol"] ?? "",
            includeExpired: parameters["includeExpired"] == "1"
        )
    }

    /// What our client gets for the same request.
    enum Answer {
        case details([ContractDetails])
        case bars([Bar])
        case ticks([HistoricalTick])
        case refused(String)
    }

    func replay(on client: TWSConnection) async -> Answer {
        do {
            switch kind {
            case .contractDetails:
                return .details(try await client.contractDetails(contract))
            case .historicalData:
                return .bars(try await client.historicalBars(contract: contract, parameters: parameters).bars)
            case .historicalTicks:
                return .ticks(try await client.historicalTicks(contract: contract, parameters: parameters))
            }
        } catch {
            return .refused("\(error)")
        }
    }
}
