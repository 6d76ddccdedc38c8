import MarketCalendar
import TWSProtocol

/// Splits a ``PlanRequest`` into ``PlannedChunk``s, each exactly one IB historical-data request.
///
/// Pure: no I/O, no clock (the caller passes `now`), no randomness. The same request, `now` and covered ranges
/// always give the same chunks with the same ids. A `Planner` is an immutable value; use it from any thread.
///
/// ## What is planned, per contract
/// 1. The range `[from, to)`, ending no later than the last *complete* bar before `now`: intraday bars end at
///    `now` rounded down to the bar size; daily and longer bars at the end of the last session that closed by
///    `now` (weekly and monthly bars: by the start of the current week or month), so an unfinished bar is never
///    stored as if it were final.
/// 2. For bars of 30 seconds or less, nothing older than six calendar months before `now` (IB keeps no more,
///    ib-protocol.md §4.4).
/// 3. Nothing before the contract's head timestamp, when the request has one.
/// 4. Minus the ``CoveredRanges`` of the series.
/// 5. Only the time the market is open (``TradingSessions`` with `regularHoursOnly = useRTH`), for contracts
///    with a calendar (``MarketCalendar/SessionKind/init(contract:)``); others keep every second.
///
/// ## How the chunks are placed
/// The remaining time is walked **backwards from its end** (IB requests are "an end time and a duration back
/// from it"). Each chunk ends at the latest second still needed (a session close, the range end, or the start
/// of a covered range) and covers the rule's span (``ChunkSizeTable``) back from there; whatever lies before
/// the chunk's start is left for the next one, and a closed period (night, weekend, holiday) between two
/// needed spans is skipped rather than spent. This greedy placement uses the fewest requests possible for the
/// span. Each chunk's duration is then shortened to the cheapest duration that still reaches its earliest
/// needed second: among the rule's unit and the smaller units ib-protocol.md §4.3 (b) lists for the bar size (`D` only below
/// a week, `M` only if the rule uses it), the one whose window holds the least trading time, ties going to the
/// larger unit. So a full week of minutes stays `"1 W"`, a lone Monday becomes `"1 D"`, and a year of daily
/// bars asks for `"1 Y"`, not the rule's `"10 Y"`. No needed second is ever left out: every chunk window
/// contains all the needed time between its start and end.
///
/// Windows are computed with the simulator's arithmetic (``IBDuration/seconds``). Real IB counts `D` in trading
/// days and `Y` in calendar years, so its windows are at least as wide, never narrower: nothing is lost, and the
/// extra bars it returns are upserted. A bar that straddles the boundary between two chunks is returned whole
/// by both (the simulator's rule; IB builds bars on its own grid) and stored once.
///
/// ## Endless requests
/// IB accepts continuous futures (`CONTFUT`) and `ADJUSTED_LAST` only with an empty end time ("now"). Such a
/// contract gets one chunk with `endDateTime` empty whose duration reaches from `now` back to the earliest
/// needed second, shortened as above; if that needs more than the rule's span, planning throws
/// ``PlanningError/Code/rangeTooLongForEndlessRequest`` rather than plan data IB would not return.
public struct Planner: Sendable {
    /// How the planner sizes chunks and paces its estimate.
    public struct Configuration: Sendable, Hashable {
        /// The span per request for each bar size.
        public var chunkSizes: ChunkSizeTable
        /// The request rate for ``PlanResult/estimate``; IB's 60 per 10 minutes is 6.
        public var requestsPerMinute: Double
        /// Sizes learned from gateways that refused, timed out on or cut short larger requests: where one is
        /// smaller than the table's span for a bar size and instrument kind, chunks use it.
        public var learnedSizes: RequestSizeLimits

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - chunkSizes: The chunk-size table; ``ChunkSizeTable/default`` unless overridden.
        ///   - requestsPerMinute: The pace for estimates; 6 by default.
        ///   - learnedSizes: Learned caps (`request_sizes`); none by default.
        public init(
            chunkSizes: ChunkSizeTable = .default,
            requestsPerMinute: Double = 6,
            learnedSizes: RequestSizeLimits = RequestSizeLimits()
        ) {
            self.chunkSizes = chunkSizes
            self.requestsPerMinute = requestsPerMinute
            self.learnedSizes = learnedSizes
        }
    }

    /// The configuration.
    public let configuration: Configuration

    /// Creates a planner.
    ///
    /// - Parameter configuration: Chunk sizes and pace.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Plans the chunks of a request.
    ///
    /// - Parameters:
    ///   - request: What to download.
    ///   - now: The current time, UTC epoch seconds; the planner never reads the clock.
    ///   - covered: Time already downloaded, per series; subtracted from the plan.
    /// - Returns: The chunks (by contract in request order, then ascending time), the savings and the estimate.
    /// - Throws: ``PlanningError`` when the request is invalid (no contracts, `from` not before `to`, a range
    ///   that starts at or after `now`, a what-to-show IB does not offer for a contract, a contract without
    ///   identity) or an endless request needs more than one chunk.
    public func plan(
        _ request: PlanRequest,
        now: Int64,
        covered: CoveredRanges = CoveredRanges()
    ) throws(PlanningError) -> PlanResult {
        let whatToShow = Self.normalized(request.whatToShow)
        let contracts = try Self.validate(request, whatToShow: whatToShow, now: now)
        var heads: [String: Int64] = [:]
        for (contract, head) in request.headTimestamps {
            heads[contract.planningIdentity] = min(head, heads[contract.planningIdentity] ?? head)
        }
        var context = SeriesPlanner(
            request: request,
            whatToShow: whatToShow,
            now: now,
            table: configuration.chunkSizes,
            learnedSizes: configuration.learnedSizes
        )
        var chunks: [PlannedChunk] = []
        var savings = PlanSavings()
        for contract in contracts {
            let series = covered.ranges(
                contract: contract,
                barSize: request.barSize,
                whatToShow: whatToShow,
                useRTH: request.useRTH
            )
            let planned = try context.plan(contract, head: heads[contract.planningIdentity], covered: series)
            chunks.append(contentsOf: planned.chunks)
            savings = savings + planned.savings
        }
        let estimate = PlanEstimate(chunks: chunks, requestsPerMinute: configuration.requestsPerMinute)
        return PlanResult(chunks: chunks, savings: savings, estimate: estimate)
    }

    /// IB's spelling of a what-to-show: trimmed and upper-case.
    static func normalized(_ whatToShow: String) -> String {
        String(whatToShow.filter { !$0.isWhitespace }).uppercased()
    }
}
