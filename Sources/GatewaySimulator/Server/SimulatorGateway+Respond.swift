import Foundation
import Synchronization
import TWSProtocol

extension SimulatorGateway {
    /// Answers one message of a ready client. Runs on the session's event loop; the gateway-wide state it
    /// touches is behind the gateway's mutex.
    func respond(to request: TWSRequest, clientID: Int, session: UInt64, serverVersion: Int) -> SimulatorReply {
        audit(
            .request(
                time: clock.wallTime(),
                clientId: clientID,
                message: request.auditName,
                reqId: request.requestID,
                parameters: request.auditParameters
            )
        )
        switch admitMessage(clientID: clientID) {
        case .accepted:
            break
        case .rejected:
            audit(.violation(of: .messageRate, time: clock.wallTime(), clientId: clientID, reqId: request.requestID))
            return .error(request.requestID ?? -1, 100, PacingRule.messageRateText)
        case .disconnect:
            audit(.violation(of: .messageRate, time: clock.wallTime(), clientId: clientID, reqId: request.requestID))
            var reply = SimulatorReply.error(request.requestID ?? -1, 100, PacingRule.messageRateText)
            reply.disconnect = true
            return reply
        }
        var reply = answer(request, clientID: clientID, serverVersion: serverVersion)
        // Refusals (validation, pacing, unknown contracts) come back at once, as from IB; the configured latency
        // is the time to fetch data.
        let refusalOnly = reply.messages.allSatisfy {
            if case .error = $0 { return true }
            return false
        }
        if reply.later != nil || !refusalOnly { reply.delay += configuration.latency }
        return reply
    }

    private func answer(_ request: TWSRequest, clientID: Int, serverVersion: Int) -> SimulatorReply {
        switch request {
        case .historicalData(let historical):
            return historicalData(historical, clientID: clientID)
        case .headTimestamp(let requestID, let contract, let useRTH, let whatToShow, let formatDate):
            return headTimestamp(
                requestID,
                contract,
                useRTH: useRTH,
                whatToShow: whatToShow,
                formatDate: formatDate,
                clientID: clientID
            )
        case .cancelHeadTimestamp(let requestID):
            finish(RequestIdentity(clientId: clientID, reqId: requestID), cancelled: true)
            return .none
        case .contractDetails(let requestID, let contract):
            return contractDetails(requestID, contract, serverVersion: serverVersion)
        case .historicalTicks(let ticks):
            return historicalTicks(ticks, clientID: clientID)
        case .currentTime:
            return SimulatorReply(messages: [.currentTime(clock.marketTime())])
        case .currentTimeInMillis:
            guard serverVersion >= TWSServerVersion.currentTimeInMillis else { return .none }
            return SimulatorReply(messages: [.currentTimeInMillis(epochMilliseconds())])
        case .cancelHistoricalData, .startAPI:
            // Cancels are handled by the session, which knows what is still in flight; startApi only once.
            return .none
        case .other(let id, let fields):
            return startupAnswer(id, fields)
        }
    }

    /// The end markers ib_async and others wait for after connecting (ib-protocol.md §1.4).
    private func startupAnswer(_ id: Int, _ fields: TWSFields) -> SimulatorReply {
        let requestID = fields.values.count > 2 ? fields.values[2] : "0"
        let account = configuration.accounts.first ?? ""
        let marker: TWSMessage? =
            switch id {
            case TWSRequest.ID.reqPositions: .endMarker(messageID: TWSMessage.ID.positionEnd, fields: ["1"])
            case TWSRequest.ID.reqAccountUpdates:
                .endMarker(messageID: TWSMessage.ID.accountDownloadEnd, fields: ["1", account])
            case TWSRequest.ID.reqAccountUpdatesMulti:
                .endMarker(messageID: TWSMessage.ID.accountUpdateMultiEnd, fields: ["1", requestID])
            case TWSRequest.ID.reqExecutions:
                .endMarker(messageID: TWSMessage.ID.execDetailsEnd, fields: ["1", requestID])
            case TWSRequest.ID.reqOpenOrders, 16: .endMarker(messageID: TWSMessage.ID.openOrderEnd, fields: ["1"])
            case TWSRequest.ID.reqCompletedOrders: .endMarker(messageID: TWSMessage.ID.completedOrdersEnd, fields: [])
            case TWSRequest.ID.reqIds: .nextValidID(1)
            default: nil
            }
        return SimulatorReply(messages: marker.map { [$0] } ?? [])
    }

    // MARK: Contracts

    enum Resolution {
        case found(SimulatedInstrument)
        case rejected(SimulatorReply)
    }

    /// Finds the one instrument a request means, or the error IB would send.
    func resolve(_ contract: Contract, requestID: Int) -> Resolution {
        let symbol = (contract.symbol.isEmpty ? contract.localSymbol : contract.symbol).uppercased()
        if let code = faults.errorForSymbol[symbol] ?? faults.errorForSymbol[contract.localSymbol.uppercased()] {
            audit(
                .faultInjected(
                    time: clock.wallTime(),
                    clientId: nil,
                    fault: "error-for-symbol",
                    details: ["code": "\(code)", "symbol": symbol]
                )
            )
            return .rejected(
                .error(requestID, code, SimulatorErrorTexts.text(for: code, contract: contract, requestID: requestID))
            )
        }
        let matches = universe.matches(contract)
        if matches.count == 1 { return .found(matches[0]) }
        if matches.isEmpty {
            return .rejected(.error(requestID, 200, "No security definition has been found for the request"))
        }
        return .rejected(.error(requestID, 200, "The contract description specified for \(symbol) is ambiguous."))
    }

    private func contractDetails(_ requestID: Int, _ contract: Contract, serverVersion: Int) -> SimulatorReply {
        let now = clock.marketTime()
        let matches = universe.matches(contract, now: now)
        guard !matches.isEmpty else {
            return .error(requestID, 200, "No security definition has been found for the request")
        }
        var messages = matches.map {
            TWSMessage.contractDetails(
                requestID: requestID,
                details: $0.contractDetails(routing: contract.exchange, now: now)
            )
        }
        messages.append(.contractDetailsEnd(requestID: requestID))
        return SimulatorReply(messages: messages)
    }
}

extension TWSRequest {
    /// The message's name as the official client calls it, for the audit.
    var auditName: String {
        switch self {
        case .startAPI: "startApi"
        case .historicalData: "reqHistoricalData"
        case .cancelHistoricalData: "cancelHistoricalData"
        case .headTimestamp: "reqHeadTimeStamp"
        case .cancelHeadTimestamp: "cancelHeadTimeStamp"
        case .contractDetails: "reqContractDetails"
        case .historicalTicks: "reqHistoricalTicks"
        case .currentTime: "reqCurrentTime"
        case .currentTimeInMillis: "reqCurrentTimeInMillis"
        case .other(let id, _): "message\(id)"
        }
    }

    /// The parameters worth auditing, by name.
    var auditParameters: [String: String] {
        switch self {
        case .historicalData(let request):
            request.contract.auditParameters.merging([
                "endDateTime": request.endDateTime, "barSize": request.barSize, "duration": request.duration,
                "useRTH": request.useRTH ? "1" : "0", "whatToShow": request.whatToShow,
                "formatDate": "\(request.formatDate)",
            ]) { _, new in new }
        case .headTimestamp(_, let contract, let useRTH, let whatToShow, _):
            contract.auditParameters.merging(["useRTH": useRTH ? "1" : "0", "whatToShow": whatToShow]) { _, new in new }
        case .contractDetails(_, let contract):
            contract.auditParameters
        case .historicalTicks(let request):
            request.contract.auditParameters.merging([
                "startDateTime": request.startDateTime, "endDateTime": request.endDateTime,
                "numberOfTicks": "\(request.numberOfTicks)", "whatToShow": request.whatToShow,
                "useRTH": request.useRTH ? "1" : "0",
            ]) { _, new in new }
        default:
            [:]
        }
    }
}

extension Contract {
    var auditParameters: [String: String] {
        [
            "conId": "\(conId)", "symbol": symbol, "secType": secType.rawValue, "exchange": exchange,
            "currency": currency, "localSymbol": localSymbol,
            "lastTradeDateOrContractMonth": lastTradeDateOrContractMonth, "primaryExchange": primaryExchange,
            "includeExpired": includeExpired ? "1" : "0",
        ]
    }
}
