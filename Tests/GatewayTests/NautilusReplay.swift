import GatewaySimulator
import TWSClient
import TWSProtocol

/// Our client's answers to the requests Nautilus sent, by the simulator's contract id of the instrument asked for.
struct NautilusReplay {
    var details: [Int: ContractDetails] = [:]
    var bars: [Int: [Bar]] = [:]
    var ticks: [Int: [HistoricalTick]] = [:]
    var refusals: [String] = []

    static func answers(to requests: [AuditedRequest], on client: TWSConnection) async throws -> NautilusReplay {
        var replay = NautilusReplay()
        for request in requests {
            let answer = await request.replay(on: client)
            switch answer {
            case .details(let all):
                for detail in all { replay.details[detail.contract.conId] = detail }
            case .bars(let bars):
                guard let conId = conId(of: request.contract) else { continue }
                replay.bars[conId, default: []] += bars
            case .ticks(let ticks):
                guard let conId = conId(of: request.contract) else { continue }
                replay.ticks[conId, default: []] += ticks
            case .refused(let reason):
                replay.refusals.append("\(request.kind.rawValue) \(request.parameters): \(reason)")
            }
        }
        return replay
    }

    /// The instrument a request's contract means, as the simulator resolves it.
    private static func conId(of contract: Contract) -> Int? {
        if contract.conId > 0 { return contract.conId }
        let matches = InstrumentUniverse.standard.lookup(
            symbol: contract.symbol,
            secType: contract.secType.rawValue,
            exchange: contract.exchange,
            currency: contract.currency,
            localSymbol: contract.localSymbol,
            lastTradeDateOrContractMonth: contract.lastTradeDateOrContractMonth
        )
        return matches.count == 1 ? matches[0].conId : nil
    }
}
