import ChunkPlanning
import MarketCalendar
import TWSProtocol

/// Fixtures shared by the planner suites. A suite adopts the protocol to use them unqualified, so the test
/// module gains no top-level names that could clash with other suites' helpers.
protocol PlannerFixtures {}

extension PlannerFixtures {
    /// UTC epoch seconds of a wall-clock time in UTC.
    func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int64 = 0, _ minute: Int64 = 0) -> Int64 {
        CivilDate(year: year, month: month, day: day)!.utcMidnight + hour * 3_600 + minute * 60
    }

    /// A bar size by its IB name.
    func bar(_ name: String) -> BarSizeSetting {
        BarSizeSetting.all.first { $0.ibName == name }!
    }

    var aapl: Contract {
        Contract(symbol: "AAPL", secType: .stock, exchange: "SMART", primaryExchange: "NASDAQ", currency: "USD")
    }
    var msft: Contract {
        Contract(symbol: "MSFT", secType: .stock, exchange: "SMART", primaryExchange: "NASDAQ", currency: "USD")
    }
    var eurusd: Contract {
        Contract(symbol: "EUR", secType: .forex, exchange: "IDEALPRO", currency: "USD", localSymbol: "EUR.USD")
    }
    var spx: Contract { Contract(symbol: "SPX", secType: .index, exchange: "CBOE", currency: "USD") }
    var esm4: Contract {
        Contract(symbol: "ES", secType: .future, exchange: "CME", currency: "USD", localSymbol: "ESM4")
    }
    var esContinuous: Contract { Contract(symbol: "ES", secType: .continuousFuture, exchange: "CME", currency: "USD") }
    var btc: Contract { Contract(symbol: "BTC", secType: .crypto, exchange: "PAXOS", currency: "USD") }
    var vodLondon: Contract { Contract(symbol: "VOD", secType: .stock, exchange: "LSE", currency: "GBP") }

    /// A `now` long after every range used in the calendar tests, so only the rules under test shape the plan.
    var farFuture: Int64 { utc(2030, 1, 1) }

    /// Plans one request with the default planner.
    func plan(
        _ contracts: [Contract],
        from: Int64,
        to: Int64,
        bar name: String,
        whatToShow: String = "TRADES",
        rth: Bool,
        now: Int64? = nil,
        heads: [Contract: Int64] = [:],
        covered: CoveredRanges = CoveredRanges()
    ) throws -> PlanResult {
        let request = PlanRequest(
            contracts: contracts,
            from: from,
            to: to,
            barSize: bar(name),
            whatToShow: whatToShow,
            useRTH: rth,
            headTimestamps: heads
        )
        return try Planner().plan(request, now: now ?? farFuture, covered: covered)
    }

    /// `end duration` pairs, the part of a chunk a test pins down by hand.
    func requests(_ result: PlanResult) -> [String] {
        result.chunks.map { "\($0.endDateTime) \($0.duration)" }
    }

    /// The gateway simulator's duration checks (`HistoricalRequestValidator`), restated independently of
    /// ``IBDuration`` so the tests do not check the planner against itself.
    ///
    /// - Returns: `nil` if the simulator would accept `duration` with a bar of `barSeconds`, else IB's error code.
    func simulatorRejection(barSeconds: Int, duration: String) -> Int? {
        let parts = duration.split(separator: " ")
        guard parts.count == 2, let count = Int(parts[0]), count > 0 else {
            return 321
        }
        let limits: [Substring: (maximum: Int, smallestBar: Int)] = [
            "S": (86_400, 1), "D": (365, 5), "W": (52, 10), "M": (12, 30), "Y": (68, 60),
        ]
        guard let limit = limits[parts[1]] else {
            return 321
        }
        if count > limit.maximum {
            return 321
        }
        if parts[1] == "S" && barSeconds == 1 && count > 2_000 {
            return 162
        }
        if barSeconds < limit.smallestBar {
            return 162
        }
        return nil
    }
}
