import MarketCalendar
import TWSProtocol

/// Plans tick downloads: one chain per instrument × trading session, of which only the first page is known
/// before IB answers.
///
/// Pure, like ``Planner``: no I/O and no clock (the caller passes `now`). A session is the instrument's calendar
/// session (``MarketCalendar/SessionKind``) in the requested hours (the regular session with `useRTH`, else the
/// whole session), or a UTC day for an instrument without a calendar, clipped to the request's range. Left out:
/// sessions that have not closed by `now` (a chain fetches a session once and whole; the next backfill of that
/// day gets it all), time before the contract's head timestamp, and time older than IB keeps tick data
/// (``historyLimitSeconds``).
public struct TickPlanner: Sendable {
    /// IB serves no Time & Sales older than three years (ib-protocol.md §4.4); counted as 3 × 365 days plus a
    /// leap day.
    public static let historyLimitSeconds: Int64 = (3 * 365 + 1) * 86_400

    /// The tick types IB serves per security type, as far as Backfill downloads them: currencies have no trades,
    /// crypto trades only as aggregated trades, indices only trades; continuous futures are served only back from
    /// "now", which a start-anchored page cannot ask for.
    static let supportedTickTypes: [SecurityType: [TickType]] = [
        .stock: [.trades, .bidAsk, .midpoint],
        .future: [.trades, .bidAsk, .midpoint],
        .forex: [.bidAsk, .midpoint],
        .crypto: [.bidAsk, .midpoint],
        .index: [.trades],
    ]

    /// Ticks per open second assumed when nothing is stored yet for an instrument, by tick type: a liquid US
    /// stock or index future prints a few trades a second and requotes about as often.
    static let assumedDensity: [TickType: Double] = [.trades: 2.5, .bidAsk: 1.5, .midpoint: 1.0]

    /// The pace for the estimate, in requests per minute (IB's 60 per 10 minutes is 6).
    public var requestsPerMinute: Double

    /// Creates a planner.
    ///
    /// - Parameter requestsPerMinute: The pace for the estimate.
    public init(requestsPerMinute: Double = 6) {
        self.requestsPerMinute = requestsPerMinute
    }

    /// Checks a request without planning it: the same refusals as ``plan(_:now:recordedChains:densities:)``.
    ///
    /// - Returns: The contracts without duplicates, in order.
    public func check(_ request: TickPlanRequest, now: Int64) throws(PlanningError) -> [Contract] {
        try Planner.checkShape(contracts: request.contracts, from: request.from, to: request.to, now: now)
        var contracts: [Contract] = []
        var seen: Set<String> = []
        for contract in request.contracts {
            guard contract.conId != 0 || !contract.symbol.isEmpty || !contract.localSymbol.isEmpty else {
                throw PlanningError(.invalidContract, "A contract has no conId, symbol or local symbol.")
            }
            let allowed = Self.supportedTickTypes[contract.secType] ?? []
            guard allowed.contains(request.tickType) else {
                let names = allowed.map(\.rawValue).joined(separator: ", ")
                throw PlanningError(
                    .unsupportedWhatToShow,
                    "IB has no \(request.tickType) ticks for \(contract) (\(contract.secType.rawValue))"
                        + (names.isEmpty ? "; it serves no historical ticks for that kind." : "; use \(names).")
                )
            }
            if seen.insert(contract.planningIdentity).inserted { contracts.append(contract) }
        }
        return contracts
    }

    /// Plans the first page of every session chain.
    ///
    /// - Parameters:
    ///   - request: What to download.
    ///   - now: The current time, UTC epoch seconds.
    ///   - recordedChains: First-page ids already recorded (by an earlier backfill): those sessions are left out.
    ///   - densities: Observed ticks per open second per contract, for the estimate.
    /// - Throws: ``PlanningError`` for the refusals of ``check(_:now:)``.
    public func plan(
        _ request: TickPlanRequest,
        now: Int64,
        recordedChains: Set<ChunkID> = [],
        densities: [Contract: Double] = [:]
    ) throws(PlanningError) -> TickPlan {
        let contracts = try check(request, now: now)
        var heads: [String: Int64] = [:]
        for (contract, head) in request.headTimestamps {
            heads[contract.planningIdentity] = min(head, heads[contract.planningIdentity] ?? head)
        }
        var observed: [String: Double] = [:]
        for (contract, density) in densities where density.isFinite && density > 0 {
            observed[contract.planningIdentity] = density
        }
        let oldest = now - Self.historyLimitSeconds
        var plan = TickPlan(
            firstPages: [],
            sessionsBeforeIBData: 0,
            sessionsNotClosed: 0,
            sessionsAlreadyRecorded: 0,
            estimate: TickPlanEstimate(ticks: 0, requests: 0, pacingCost: 0, seconds: 0, densitySources: [:])
        )
        let weight = request.tickType == .bidAsk ? 2 : 1
        for contract in contracts {
            let identity = contract.planningIdentity
            let density = observed[identity] ?? Self.assumedDensity[request.tickType] ?? 1
            plan.estimate.densitySources[contract.description] = observed[identity] == nil ? "assumed" : "observed"
            let earliest = max(oldest, heads[identity] ?? .min)
            for session in Self.sessions(of: contract, request: request) {
                guard session.upperBound <= now else {
                    plan.sessionsNotClosed += 1
                    continue
                }
                let start = max(session.lowerBound, earliest)
                guard start < session.upperBound else {
                    plan.sessionsBeforeIBData += 1
                    continue
                }
                let page = TickPage(
                    contract: contract,
                    tickType: request.tickType,
                    useRTH: request.useRTH,
                    start: start,
                    sessionEnd: session.upperBound
                )
                guard !recordedChains.contains(page.id) else {
                    plan.sessionsAlreadyRecorded += 1
                    continue
                }
                plan.firstPages.append(page)
                let ticks = Int((Double(session.upperBound - start) * density).rounded(.up))
                let requests = max(1, (ticks + 999) / 1000)
                plan.estimate.ticks += ticks
                plan.estimate.requests += requests
                plan.estimate.pacingCost += requests * weight
            }
        }
        let pace = max(requestsPerMinute.isFinite ? requestsPerMinute : 6, 0.001)
        plan.estimate.seconds = Int64((Double(plan.estimate.pacingCost) * 60 / pace).rounded(.up))
        return plan
    }

    /// The sessions of a contract inside the request's range, clipped to it: the calendar's, or UTC days.
    static func sessions(of contract: Contract, request: TickPlanRequest) -> [Range<Int64>] {
        let range = request.from..<request.to
        guard let kind = SessionKind(contract: contract) else {
            var days: [Range<Int64>] = []
            var day = request.from - SeriesPlanner.floorModulo(request.from, 86_400)
            while day < request.to {
                let clipped = (day..<day + 86_400).clamped(to: range)
                if !clipped.isEmpty { days.append(clipped) }
                day += 86_400
            }
            return days
        }
        return TradingSessions.sessions(
            kind: kind,
            from: request.from,
            to: request.to,
            regularHoursOnly: request.useRTH
        ).map { $0.interval.clamped(to: range) }.filter { !$0.isEmpty }
    }
}
