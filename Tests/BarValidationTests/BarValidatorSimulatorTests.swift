import BarValidation
import ChunkPlanning
import GatewaySimulator
import MarketCalendar
import TWSProtocol
import Testing

/// The validator against what a correct gateway returns: the planner's real chunks, answered by the simulator's
/// bar generator exactly as `backfill sim` answers them, must pass with no anomaly at all.
@Suite("BarValidator: simulated replies")
struct BarValidatorSimulatorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var contract: Contract
        var whatToShow: String
        var barSize: BarSizeSetting
        var rth: Bool
        var from: String
        var to: String

        var testDescription: String {
            "\(contract.localSymbol.isEmpty ? contract.symbol : contract.localSymbol) \(whatToShow) \(barSize)"
                + "\(rth ? " RTH" : "") \(from)–\(to)"
        }
    }

    static let aapl = Contract(
        symbol: "AAPL",
        secType: .stock,
        exchange: "SMART",
        primaryExchange: "NASDAQ",
        currency: "USD"
    )
    static let eurusd = Contract(
        symbol: "EUR",
        secType: .forex,
        exchange: "IDEALPRO",
        currency: "USD",
        localSymbol: "EUR.USD"
    )
    static let esz4 = Contract(symbol: "ES", secType: .future, exchange: "CME", currency: "USD", localSymbol: "ESZ4")
    static let btc = Contract(symbol: "BTC", secType: .crypto, exchange: "PAXOS", currency: "USD")
    static let spx = Contract(symbol: "SPX", secType: .index, exchange: "CBOE", currency: "USD")

    static let cases: [Case] = [
        // Across the March DST change, extended hours.
        Case(contract: aapl, whatToShow: "TRADES", barSize: .oneMinute, rth: false, from: "20240304", to: "20240316"),
        // RTH hour bars start at 09:30, inside the clock hour.
        Case(contract: aapl, whatToShow: "TRADES", barSize: .oneHour, rth: true, from: "20240301", to: "20240401"),
        Case(
            contract: aapl,
            whatToShow: "BID_ASK",
            barSize: .thirtyMinutes,
            rth: false,
            from: "20240603",
            to: "20240615"
        ),
        Case(contract: aapl, whatToShow: "TRADES", barSize: .fiveSeconds, rth: true, from: "20240506", to: "20240508"),
        Case(contract: aapl, whatToShow: "TRADES", barSize: .oneDay, rth: false, from: "20230101", to: "20240101"),
        Case(contract: aapl, whatToShow: "TRADES", barSize: .oneWeek, rth: true, from: "20220101", to: "20240101"),
        Case(contract: aapl, whatToShow: "TRADES", barSize: .oneMonth, rth: true, from: "20210315", to: "20240101"),
        // No volume: -1 on the wire.
        Case(
            contract: eurusd,
            whatToShow: "MIDPOINT",
            barSize: .fiveMinutes,
            rth: false,
            from: "20240201",
            to: "20240215"
        ),
        // 8-hour buckets align to Chicago midnight; the November DST change is inside.
        Case(contract: esz4, whatToShow: "TRADES", barSize: .eightHours, rth: false, from: "20241001", to: "20241115"),
        // Sessions open the evening before the date they are stamped with.
        Case(contract: esz4, whatToShow: "TRADES", barSize: .oneDay, rth: false, from: "20240601", to: "20241201"),
        Case(contract: btc, whatToShow: "AGGTRADES", barSize: .oneHour, rth: false, from: "20240101", to: "20240120"),
        Case(contract: spx, whatToShow: "TRADES", barSize: .oneDay, rth: true, from: "20220101", to: "20240101"),
    ]

    static func utc(_ yyyyMMdd: String) -> Int64 {
        CivilDate(yyyyMMdd: yyyyMMdd)!.utcMidnight
    }

    @Test("Every chunk's simulated reply passes without anomalies", arguments: cases)
    func simulatedRepliesAreClean(_ test: Case) throws {
        let from = Self.utc(test.from)
        let to = Self.utc(test.to)
        let now = to + 10 * 86_400
        let plan = try Planner().plan(
            PlanRequest(
                contracts: [test.contract],
                from: from,
                to: to,
                barSize: test.barSize,
                whatToShow: test.whatToShow,
                useRTH: test.rth
            ),
            now: now
        )
        let instruments = InstrumentUniverse.standard.lookup(
            symbol: test.contract.symbol,
            secType: test.contract.secType.rawValue,
            exchange: test.contract.exchange,
            currency: test.contract.currency,
            localSymbol: test.contract.localSymbol
        )
        let instrument = try #require(instruments.count == 1 ? instruments.first : nil)
        let whatToShow = try #require(SimulatedWhatToShow(wireValue: test.whatToShow))
        #expect(!plan.chunks.isEmpty)
        var total = 0
        for chunk in plan.chunks {
            let generated = Self.reply(instrument, whatToShow, chunk, now: now)
            let wire = generated.map { Self.wire($0, daily: test.barSize.isDaily) }
            let result = BarValidator(barSize: chunk.barSize, window: chunk.window).validate(wire)
            #expect(result.unusableReason == nil, "\(chunk): \(result.unusableReason ?? "")")
            #expect(result.anomalies.isEmpty, "\(chunk): \(result.anomalies)")
            #expect(result.bars.map(\.start) == generated.map(\.start), "\(chunk)")
            #expect(result.bars.map(\.close) == generated.map(\.close), "\(chunk)")
            total += result.bars.count
        }
        #expect(total > 0)
    }

    /// The bars the simulator's server answers a chunk with (`SimulatorGateway.simulatedBars`): the window clipped
    /// to the instrument's head timestamp, to `now`, and for bars of 30 s or less to the last six months.
    static func reply(
        _ instrument: SimulatedInstrument,
        _ whatToShow: SimulatedWhatToShow,
        _ chunk: PlannedChunk,
        now: Int64
    ) -> [SimulatedBar] {
        var from = max(chunk.windowStart, instrument.headTimestamp)
        if chunk.barSize.seconds <= 30 { from = max(from, now - 183 * 86_400) }
        let to = min(chunk.windowEnd, now)
        guard from < to else { return [] }
        return BarGenerator().bars(
            instrument: instrument,
            barSize: chunk.barSize,
            whatToShow: whatToShow,
            useRTH: chunk.useRTH,
            from: from,
            to: to
        )
    }

    /// A generated bar as the simulator writes it for formatDate 2 (`HistoricalBarText`).
    static func wire(_ bar: SimulatedBar, daily: Bool) -> Bar {
        Bar(
            date: daily ? CivilDate(utcEpochSeconds: bar.start).yyyyMMdd : "\(bar.start)",
            open: bar.open,
            high: bar.high,
            low: bar.low,
            close: bar.close,
            volume: bar.volume,
            wap: bar.wap,
            count: bar.count
        )
    }
}
