import BackfillStore
import BarValidation
import ChunkPlanning
import Foundation
import GatewaySimulator
import MarketCalendar
import PQKit
import TWSProtocol

/// Ticks: how fast tick pages are stored (upsert, the next page and the chunk state in one transaction per page)
/// against a raw `COPY` of the same rows, and how many requests a session's chain takes against the lower bound
/// `ceil(ticks / 1000)`, for the simulator's streams under both readings of IB's page rule.
enum TickBench {
    static let pages = 300

    static func run(databaseURL: String) async throws {
        print("")
        print(Bench.row("tick measurement", "ours", "reference", "ratio"))
        try await storage(databaseURL: databaseURL)
        print("")
        print(Bench.row("requests per chain, 2024-03-12 RTH TRADES", "requests", "⌈ticks/1000⌉", "ratio"))
        chains()
    }

    /// Pages shaped like a real chain's: 1000 trades each, several per second, every page after the first starting
    /// at the previous page's last second (so it re-sends that second's ticks, as the worker's pages do).
    static func syntheticPages() -> [(start: Int64, ticks: [StoredTick])] {
        var result: [(start: Int64, ticks: [StoredTick])] = []
        var second: Int64 = 1_710_250_200
        var position = 0
        var carried: [StoredTick] = []
        for page in 0..<pages {
            let start = carried.first?.tick.time ?? second
            var ticks = carried
            while ticks.count < 1_000 {
                let price = "190.\(10 + (page * 7 + ticks.count) % 89)"
                ticks.append(
                    StoredTick(
                        tick: HistoricalTick(time: second, price: price, size: "100", exchange: "NASDAQ"),
                        position: position
                    )
                )
                position += 1
                if position == 1 + Int(second % 4) { (second, position) = (second + 1, 0) }
            }
            // The next page fetches the last second again, from its first tick.
            let last = ticks[ticks.count - 1].tick.time
            carried = ticks.filter { $0.tick.time == last }
            if position != 0 { (second, position) = (second + 1, 0) }
            result.append((start, ticks))
        }
        return result
    }

    static func storage(databaseURL: String) async throws {
        let schema = "bench_ticks_\(getpid())"
        let admin = try PostgresConfiguration(url: databaseURL)
        try await PostgresConnection.withConnection(configuration: admin) { database in
            try await database.query(PostgresQuery(identifierStatement: "CREATE SCHEMA {}", identifier: schema))
        }
        let separator = databaseURL.contains("?") ? "&" : "?"
        let scoped = try PostgresConfiguration(url: databaseURL + separator + "options=-csearch_path%3D" + schema)
        let database = try await PostgresConnection.connect(configuration: scoped)
        _ = try await Migrator().migrate(database)

        let contract = Contract(symbol: "AAPL", secType: .stock, exchange: "SMART", currency: "USD")
        let synthetic = syntheticPages()
        let sessionEnd = (synthetic.last?.ticks.last?.tick.time ?? 0) + 3_600
        let chain = synthetic.indices.map { index in
            TickPage(
                contract: contract,
                tickType: .trades,
                useRTH: true,
                start: synthetic[index].start,
                sessionEnd: sessionEnd,
                chainID: index == 0
                    ? nil : ChunkID(tickPageOf: contract, tickType: .trades, useRTH: true, start: synthetic[0].start),
                pageIndex: index
            )
        }
        let store = ChunkStore(database: database)
        let backfill = BackfillRecord(
            id: "bench-ticks",
            barSize: "ticks",
            whatToShow: "TRADES",
            useRTH: true,
            rangeStart: chain[0].start,
            rangeEnd: sessionEnd
        )
        _ = try await store.record(backfill, tickPages: [chain[0]])
        let instrumentID = try await store.instrumentIDs(for: [contract])[contract] ?? 0
        let ticks = TickStore(database: database)
        let sent = synthetic.reduce(0) { $0 + $1.ticks.count }
        var stored = 0
        let clock = ContinuousClock()
        let started = clock.now
        for (index, page) in chain.enumerated() {
            let outcome = try await ticks.commit(
                page,
                instrumentID: instrumentID,
                ticks: synthetic[index].ticks,
                next: index + 1 < chain.count ? chain[index + 1] : nil,
                anomalyCount: 0
            )
            if case .committed(_, let count, _) = outcome { stored += count }
        }
        let ours = Double(stored) / seconds(clock.now - started)
        let rows = try await database.query("SELECT count(*) AS n FROM trade_ticks").singleRow()?.decode(Int.self, "n")
        guard rows == stored else { throw BenchError("stored \(rows ?? 0) tick rows, counted \(stored)") }

        // The reference: the distinct rows in one raw COPY into a table of the same shape and key.
        try await database.executeScript(
            """
            CREATE TABLE raw_ticks (LIKE trade_ticks INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)
            """
        )
        var distinct: [String: StoredTick] = [:]
        for page in synthetic { for tick in page.ticks { distinct["\(tick.tick.time)#\(tick.position)"] = tick } }
        let rawStarted = clock.now
        _ = try await database.copyFrom(
            """
            COPY raw_ticks (instrument_id, tick_time, position, price, size, exchange, special_conditions, past_limit,
                            unreported, chunk_id) FROM STDIN
            """
        ) { writer in
            for tick in distinct.values {
                writer.appendField(instrumentID)
                try writer.appendField(PlannedChunk.endDateTimeText(tick.tick.time).replacingDash() + "+00")
                writer.appendField(Int64(tick.position))
                try writer.appendField(tick.tick.price)
                try writer.appendField(tick.tick.size)
                try writer.appendField(tick.tick.exchange)
                try writer.appendField("")
                try writer.appendField("f")
                try writer.appendField("f")
                try writer.appendField("bench")
                try writer.endRow()
            }
        }
        let raw = Double(distinct.count) / seconds(clock.now - rawStarted)
        print(Bench.row("tick pages stored, ticks/s (\(pages) pages)", ours, raw))
        print(
            Bench.row(
                "  ticks sent / new (re-fetched seconds)",
                "\(sent)",
                "\(stored)",
                String(format: "%.3f", Double(sent) / Double(max(1, stored)))
            )
        )
        await database.close()
        try await PostgresConnection.withConnection(configuration: admin) { database in
            try await database.query(PostgresQuery(identifierStatement: "DROP SCHEMA {} CASCADE", identifier: schema))
        }
    }

    /// Runs each session's chain against the simulator's generator with the worker's own boundary rule, counting
    /// requests: no network, so the figures are the rule's, not the machine's.
    static func chains() {
        let day = CivilDate(year: 2024, month: 3, day: 12)!
        guard let session = TradingSessions.session(kind: .usEquity, tradingDay: day, regularHoursOnly: true) else {
            return
        }
        for symbol in ["AAPL", "MSFT", "JNJ"] {
            guard let instrument = InstrumentUniverse.standard.lookup(secType: "STK", localSymbol: symbol).first else {
                continue
            }
            let contract = Contract(symbol: symbol, secType: .stock, exchange: "SMART", currency: "USD")
            for rule in TickGenerator.PageRule.allCases {
                let generator = TickGenerator(pageRule: rule)
                var page = TickPage(
                    contract: contract,
                    tickType: .trades,
                    useRTH: true,
                    start: session.interval.lowerBound,
                    sessionEnd: session.interval.upperBound
                )
                var requests = 0
                var keys: Set<String> = []
                while true {
                    let ticks = generator.ticks(
                        instrument: instrument,
                        whatToShow: .trades,
                        start: page.start,
                        end: nil,
                        count: 1_000,
                        useRTH: true
                    )
                    requests += 1
                    var second = Int64.min
                    var position = 0
                    for tick in ticks where tick.time < page.sessionEnd {
                        (second, position) = tick.time == second ? (second, position + 1) : (tick.time, 0)
                        keys.insert("\(tick.time)#\(position)")
                    }
                    let boundary = TickPageBoundary(after: page, tickTimes: ticks.map(\.time), requested: 1_000)
                    guard let next = boundary.nextStart else { break }
                    page = page.next(startingAt: next)
                }
                let bound = (keys.count + 999) / 1_000
                print(
                    Bench.row(
                        "  \(symbol) \(rule.rawValue): \(keys.count) ticks",
                        "\(requests)",
                        "\(bound)",
                        String(format: "%.3f", Double(requests) / Double(bound))
                    )
                )
            }
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (whole, atto) = duration.components
        return max(1e-9, Double(whole) + Double(atto) / 1e18)
    }
}

extension String {
    /// `20240312-13:30:00` as PostgreSQL reads a timestamp: `20240312 13:30:00`.
    fileprivate func replacingDash() -> String {
        String(map { $0 == "-" ? " " : $0 })
    }
}
