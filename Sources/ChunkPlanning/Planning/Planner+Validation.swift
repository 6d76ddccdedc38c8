import TWSProtocol

extension Planner {
    /// The what-to-show values IB serves per security type, as far as Backfill downloads them (bar data only;
    /// the simulator's `SimulatedInstrument.supports` draws the same lines): currencies have no trades, indices
    /// only trades, crypto trades only as `AGGTRADES`, adjusted data exists for stocks and ETFs only.
    static let supportedWhatToShow: [SecurityType: [String]] = [
        .stock: ["TRADES", "MIDPOINT", "BID", "ASK", "BID_ASK", "ADJUSTED_LAST"],
        .index: ["TRADES"],
        .forex: ["MIDPOINT", "BID", "ASK", "BID_ASK"],
        .future: ["TRADES", "MIDPOINT", "BID", "ASK", "BID_ASK"],
        .continuousFuture: ["TRADES", "MIDPOINT", "BID", "ASK", "BID_ASK"],
        .crypto: ["AGGTRADES", "MIDPOINT", "BID", "ASK", "BID_ASK"],
    ]

    /// Checks the request and returns its contracts without duplicates, in order.
    static func validate(_ request: PlanRequest, whatToShow: String, now: Int64) throws(PlanningError) -> [Contract] {
        try checkShape(contracts: request.contracts, from: request.from, to: request.to, now: now)
        var seen: Set<String> = []
        var contracts: [Contract] = []
        for contract in request.contracts {
            guard contract.conId != 0 || !contract.symbol.isEmpty || !contract.localSymbol.isEmpty else {
                throw PlanningError(.invalidContract, "A contract has no conId, symbol or local symbol.")
            }
            let allowed = supportedWhatToShow[contract.secType] ?? []
            guard allowed.contains(whatToShow) else {
                throw PlanningError(
                    .unsupportedWhatToShow,
                    "IB has no \(whatToShow) bars for \(contract) (\(contract.secType.rawValue)); use one of \(allowed.joined(separator: ", "))."
                )
            }
            if seen.insert(contract.planningIdentity).inserted {
                contracts.append(contract)
            }
        }
        return contracts
    }

    /// What every plan, of bars or ticks, checks first: at least one contract, and a range that is not empty and
    /// has begun by `now`.
    static func checkShape(contracts: [Contract], from: Int64, to: Int64, now: Int64) throws(PlanningError) {
        guard !contracts.isEmpty else {
            throw PlanningError(.noContracts, "The backfill names no instrument; give at least one symbol.")
        }
        guard from < to else {
            throw PlanningError(.emptyRange, "The range is empty: its start must come before its end.")
        }
        guard from < now else {
            throw PlanningError(
                .rangeInFuture,
                "The range starts at \(PlannedChunk.endDateTimeText(from)) UTC, which is not in the past yet."
            )
        }
    }
}
