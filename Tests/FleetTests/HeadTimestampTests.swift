import BackfillStore
import BackfillTestSupport
import Fleet
import Foundation
import GatewaySimulator
import GlobalPacer
import Logging
import PQKit
import RedisKit
import TWSClient
import TWSProtocol
import Testing

extension FleetProcessTests {
    /// Head timestamps for planning: fetched from a real simulator through the pacer, cached in PostgreSQL, and
    /// `plan`/`enqueue` with and without a gateway.
    @Suite(
        .serialized,
        .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
    )
    struct HeadTimestampTests {
        static let meta = Contract(symbol: "META", secType: .stock, exchange: "SMART", currency: "USD")
        static let googl = Contract(symbol: "GOOGL", secType: .stock, exchange: "SMART", currency: "USD")
        /// Not in the simulator's universe: IB answers 200.
        static let unknown = Contract(symbol: "NOSUCH", secType: .stock, exchange: "SMART", currency: "USD")

        /// The simulator's head timestamp of a stock.
        static func head(_ symbol: String) throws -> Int64 {
            try #require(InstrumentUniverse.standard.lookup(symbol: symbol, secType: "STK").first).headTimestamp
        }

        static func resolver(
            store: ChunkStore,
            redis: RedisConnection,
            port: Int,
            prefix: String,
            configuration: HeadTimestampResolver.Configuration = HeadTimestampResolver.Configuration(
                owner: "planner-test"
            )
        ) throws -> HeadTimestampResolver {
            let gateway = "127.0.0.1:\(port)"
            var pacing = PacerConfiguration(scale: 0.01)
            pacing.prefix = prefix
            pacing.hashTag = "t"
            return HeadTimestampResolver(
                store: store,
                gateway: HeadTimestampResolver.Gateway(
                    host: "127.0.0.1",
                    port: port,
                    clientIDs: ClientIDLease.Pool(
                        connection: redis,
                        keyBase: "\(prefix){t}:",
                        gateway: gateway,
                        ids: [7, 8],
                        ttl: .seconds(60)
                    ),
                    pacer: try GlobalPacer(connection: redis, gateway: gateway, configuration: pacing)
                ),
                configuration: configuration,
                logger: Logger(label: "test.head-timestamps")
            )
        }

        @Test func resolverFetchesThroughThePacerCachesAndThenAsksTheGatewayNoMore() async throws {
            let metaHead = try Self.head("META")
            let googlHead = try Self.head("GOOGL")
            try await TestSchema.with { schema in
                try await RedisServerProcess.with { redisServer in
                    try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
                        _ = try await Migrator().migrate(database)
                        let store = ChunkStore(database: database)
                        let redis = try await RedisConnection.connect(configuration: redisServer.configuration)
                        var configuration = SimulatorConfiguration()
                        configuration.port = 0
                        let server = try SimulatorServer(configuration: configuration)
                        let port = try await server.start()
                        let contracts = [Self.meta, Self.googl, Self.unknown]

                        let first = try await Self.resolver(store: store, redis: redis, port: port, prefix: "ht:")
                            .resolve(contracts, whatToShow: "trades", useRTH: true)
                        await server.stop()
                        #expect(first.gateway == .asked)
                        #expect(first.headTimestamps == [Self.meta: metaHead, Self.googl: googlHead])
                        #expect(first.fetched == 2)
                        #expect(first.cached == 0)
                        // IB's refusal of one contract does not stop the others; it is reported with IB's code.
                        #expect(first.failed[Self.unknown]?.hasPrefix("200") == true, "\(first.failed)")
                        #expect(first.unchecked.isEmpty)
                        let requests = server.auditSummary.requestsByMessage
                        #expect(requests["reqHeadTimeStamp"] == 3, "\(requests)")
                        // Each answered request is cancelled, so IB does not count it as open any longer.
                        #expect(requests["cancelHeadTimeStamp"] == 2, "\(requests)")
                        #expect(server.auditSummary.violationCount == 0)

                        let rows = try await database.query(
                            """
                            SELECT i.symbol, extract(epoch FROM h.head_time)::bigint AS head
                            FROM head_timestamps h JOIN instruments i ON i.id = h.instrument_id
                            WHERE h.what_to_show = 'TRADES' AND h.use_rth
                            """
                        ).rows
                        var cached: [String: Int64] = [:]
                        for row in rows {
                            cached[try row.decode(String.self, "symbol")] = try row.decode(Int64.self, "head")
                        }
                        #expect(cached == ["META": metaHead, "GOOGL": googlHead])

                        // The client id went back to the pool.
                        let pool = ClientIDLease.Pool(
                            connection: redis,
                            keyBase: "ht:{t}:",
                            gateway: "127.0.0.1:\(port)",
                            ids: [7, 8],
                            ttl: .seconds(60)
                        )
                        #expect(try await pool.holders().isEmpty)

                        // Again, with nothing listening: the cached answers need no gateway.
                        let closed = try ClosedPort()
                        let second = try await Self.resolver(
                            store: store,
                            redis: redis,
                            port: closed.port,
                            prefix: "ht:"
                        )
                        .resolve(contracts, whatToShow: "TRADES", useRTH: true)
                        #expect(second.headTimestamps == [Self.meta: metaHead, Self.googl: googlHead])
                        #expect(second.cached == 2)
                        #expect(second.fetched == 0)
                        // Only the refused contract was not cached, so only it needed the (absent) gateway.
                        #expect(second.unchecked == [Self.unknown])
                        guard case .unreachable = second.gateway else {
                            Issue.record("expected an unreachable gateway, got \(second.gateway)")
                            return
                        }
                        let third = try await Self.resolver(
                            store: store,
                            redis: redis,
                            port: closed.port,
                            prefix: "ht:"
                        )
                        .resolve([Self.meta, Self.googl], whatToShow: "TRADES", useRTH: true)
                        #expect(third.gateway == .notNeeded)
                        #expect(third.headTimestamps.count == 2)
                        // A different useRTH is a different question.
                        let otherHours = try await Self.resolver(
                            store: store,
                            redis: redis,
                            port: closed.port,
                            prefix: "ht:"
                        ).resolve([Self.meta], whatToShow: "TRADES", useRTH: false)
                        #expect(otherHours.headTimestamps.isEmpty)
                        #expect(otherHours.unchecked == [Self.meta])
                        #expect(server.auditSummary.requestsByMessage["reqHeadTimeStamp"] == 3)
                        withExtendedLifetime(closed) {}
                        await redis.close()
                    }
                }
            }
        }

        @Test func resolverLeasesAnotherClientIDWhenTheGatewaySaysInUse() async throws {
            try await TestSchema.with { schema in
                try await RedisServerProcess.with { redisServer in
                    try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
                        _ = try await Migrator().migrate(database)
                        let redis = try await RedisConnection.connect(configuration: redisServer.configuration)
                        var configuration = SimulatorConfiguration()
                        configuration.port = 0
                        let server = try SimulatorServer(configuration: configuration)
                        let port = try await server.start()
                        // Someone outside the fleet holds client id 7, the pool's first.
                        var outsider = TWSClientConfiguration(host: "127.0.0.1", port: port, clientID: 7)
                        outsider.handshakeTimeout = .seconds(30)
                        let other = try await TWSConnection.connect(configuration: outsider)
                        let resolution = try await Self.resolver(
                            store: ChunkStore(database: database),
                            redis: redis,
                            port: port,
                            prefix: "ht326:"
                        ).resolve([Self.meta], whatToShow: "TRADES", useRTH: true)
                        await other.close()
                        await server.stop()
                        #expect(resolution.headTimestamps == [Self.meta: try Self.head("META")])
                        #expect(server.auditSummary.rejectedConnections == 1)
                        #expect(server.auditSummary.requestsByClient[8] == 2, "\(server.auditSummary.requestsByClient)")
                        await redis.close()
                    }
                }
            }
        }

        @Test func cachedNoDataIsTrustedUntilItIsOldThenAskedAgain() async throws {
            try await TestSchema.with { schema in
                try await RedisServerProcess.with { redisServer in
                    try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
                        _ = try await Migrator().migrate(database)
                        let store = ChunkStore(database: database)
                        let redis = try await RedisConnection.connect(configuration: redisServer.configuration)
                        try await store.saveHeadTimestamps([Self.meta: nil], whatToShow: "MIDPOINT", useRTH: false)
                        let entry = try await store.cachedHeadTimestamps(
                            for: [Self.meta],
                            whatToShow: "MIDPOINT",
                            useRTH: false
                        )[Self.meta]
                        #expect(entry?.headTime == nil)
                        #expect(entry != nil)

                        let closed = try ClosedPort()
                        let fresh = try await Self.resolver(
                            store: store,
                            redis: redis,
                            port: closed.port,
                            prefix: "nd:"
                        )
                        .resolve([Self.meta], whatToShow: "MIDPOINT", useRTH: false)
                        #expect(fresh.noData == [Self.meta])
                        #expect(fresh.cached == 1)
                        #expect(fresh.headTimestamps.isEmpty)
                        #expect(fresh.gateway == .notNeeded)

                        var configuration = HeadTimestampResolver.Configuration(owner: "planner-test")
                        configuration.noDataRecheck = .zero
                        let stale = try Self.resolver(
                            store: store,
                            redis: redis,
                            port: closed.port,
                            prefix: "nd:",
                            configuration: configuration
                        )
                        let again = await stale.resolve([Self.meta], whatToShow: "MIDPOINT", useRTH: false)
                        #expect(again.noData.isEmpty)
                        #expect(again.unchecked == [Self.meta])
                        withExtendedLifetime(closed) {}
                        await redis.close()
                    }
                }
            }
        }

        @Test func resolverWithoutDatabaseOrPacerStillAnswers() async throws {
            // No pacer (Redis down): the gateway is never asked, and nothing fails.
            let resolution = await HeadTimestampResolver(store: nil, gateway: nil, logger: Logger(label: "test"))
                .resolve([Self.meta, Self.meta], whatToShow: "TRADES", useRTH: true)
            #expect(resolution.headTimestamps.isEmpty)
            #expect(resolution.unchecked == [Self.meta])
            guard case .unavailable = resolution.gateway else {
                Issue.record("expected the gateway to be unavailable, got \(resolution.gateway)")
                return
            }
        }

        static let planArguments = ["--symbols", "META", "--from", "2010-01-01", "--to", "2013-12-31", "--bar", "1h"]

        /// The chunks of `plan --json` as (windowStart, windowEnd).
        static func windows(_ output: String) throws -> [(start: Int64, end: Int64)] {
            let objects = try #require(
                try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]]
            )
            return try objects.map {
                (
                    try #require(($0["windowStart"] as? NSNumber)?.int64Value),
                    try #require(($0["windowEnd"] as? NSNumber)?.int64Value)
                )
            }
        }

        /// The count on the summary's head-timestamp line, and the note after it.
        static func headLine(_ output: String) throws -> (saved: Int, note: String) {
            let line = try #require(output.split(separator: "\n").first { $0.contains("before IB's head timestamp:") })
            let rest = line.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? ""
            let saved = try #require(Int(rest.prefix { $0.isNumber }))
            return (saved, String(rest.drop { $0.isNumber }).trimmingCharacters(in: .whitespaces))
        }

        @Test func planWithAGatewaySkipsTimeBeforeTheHeadTimestamp() async throws {
            let metaHead = try Self.head("META")
            try await FleetHarness.with { harness in
                try await harness.startSimulator(["--pacing-scale", "0.02"])
                let summary = try await harness.run(["plan"] + Self.planArguments)
                let (saved, note) = try Self.headLine(summary.standardOutput)
                #expect(saved > 0, "\(summary.standardOutput)")
                #expect(note == "(1 fetched)", "\(summary.standardOutput)")

                let skipped = try Self.windows(
                    try await harness.run(["plan", "--json"] + Self.planArguments).standardOutput
                )
                let full = try Self.windows(
                    try await harness.run(["plan", "--json", "--no-head-timestamps"] + Self.planArguments)
                        .standardOutput
                )
                #expect(!skipped.isEmpty)
                #expect(skipped.count == full.count - saved)
                // No chunk lies wholly before META's first data; the first one ends after it (its window may reach
                // back before the head timestamp, as chunks come in IB's whole durations).
                #expect(skipped.allSatisfy { $0.end > metaHead })
                #expect(full.contains { $0.end <= metaHead })
                let firstStart = try #require(skipped.map(\.start).min())
                let secondStart = try #require(skipped.map(\.start).sorted().dropFirst().first)
                #expect(secondStart >= metaHead)
                #expect(firstStart < metaHead)

                let cachedRun = try await harness.run(["plan"] + Self.planArguments)
                #expect(try Self.headLine(cachedRun.standardOutput).note == "(1 cached)")
                await harness.stopSimulator()
                let requests = try harness.auditEvents().filter { $0["message"] as? String == "reqHeadTimeStamp" }
                // The first plan asked; the --json plan and the last plan used the cache.
                #expect(requests.count == 1, "\(requests)")
            }
        }

        @Test func withoutAGatewayPlanAndEnqueueGoOnWithoutHeadTimestamps() async throws {
            try await FleetHarness.with { harness in
                let closed = try ClosedPort()
                harness.settings = ["IBKR_PORT": "\(closed.port)"]
                let plan = try await harness.run(["plan"] + Self.planArguments)
                let (saved, note) = try Self.headLine(plan.standardOutput)
                #expect(saved == 0)
                #expect(note == "(gateway not reachable: not checked)", "\(plan.standardOutput)")
                let chunkCount = try #require(
                    plan.standardOutput.split(separator: " ").dropFirst().first.flatMap { Int($0) }
                )

                let enqueue = try await harness.run(["enqueue"] + Self.planArguments)
                #expect(enqueue.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).count == 32)
                #expect(enqueue.standardError.contains("head timestamps: gateway not reachable: not checked"))
                #expect(try await harness.chunkStates() == ["queued": chunkCount])
                withExtendedLifetime(closed) {}
            }
        }
    }
}
