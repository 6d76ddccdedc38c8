import BackfillStore
import BackfillTestSupport
import ChunkPlanning
import PQKit
import TWSProtocol
import Testing

@Suite(.enabled(if: TestServers.postgresEnabled, "DATABASE_URL is not set"))
struct SchedulerLeaseTests {
    @Test func oneHolderAtATimeUntilItExpiresOrIsReleased() async throws {
        try await TestSchema.with { schema in
            try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
                _ = try await Migrator().migrate(database)
                // Periods long enough that no load on the machine lets a lease lapse between two calls.
                let first = SchedulerLease(database: database, holder: "first", period: 30, delay: 300)
                let second = SchedulerLease(database: database, holder: "second", period: 30)
                #expect(try await first.acquireOrRenew())
                #expect(try await !second.acquireOrRenew())
                #expect(try await first.acquireOrRenew(), "the holder renews")
                let held = try await second.current()
                #expect(held?.holder == "first" && held?.expired == false && held?.delay == 300)
                // A release hands it over at once.
                try await first.release()
                #expect(try await second.current() == nil)
                #expect(try await second.acquireOrRenew())
                #expect(try await !first.acquireOrRenew())
                // Not renewed for longer than its period, a lease goes to whoever asks next, and its old holder
                // cannot renew it.
                let brief = SchedulerLease(database: database, name: "brief", holder: "first", period: 0.5)
                let other = SchedulerLease(database: database, name: "brief", holder: "second", period: 30)
                #expect(try await brief.acquireOrRenew())
                try await Task.sleep(for: .milliseconds(1_200))
                #expect(try await brief.current()?.expired == true)
                #expect(try await other.acquireOrRenew())
                #expect(try await !brief.acquireOrRenew())
                // Another name is another election.
                #expect(
                    try await SchedulerLease(database: database, name: "third", holder: "first", period: 30)
                        .acquireOrRenew()
                )
            }
        }
    }

    @Test func followsAreStoredOncePerSeriesAndARunNeedsTheLease() async throws {
        try await TestSchema.with { schema in
            try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
                _ = try await Migrator().migrate(database)
                let store = FollowStore(database: database)
                let aapl = Contract(symbol: "AAPL", secType: .stock, exchange: "SMART", currency: "USD")
                var spec = FollowSpec(
                    contract: aapl,
                    symbol: "AAPL",
                    series: .bars(.oneMinute, whatToShow: "TRADES"),
                    useRTH: true,
                    dataFrom: 1_710_201_600,
                    revisitSessions: 1
                )
                #expect(try await store.add(spec))
                // Again, later and with another window: the same subscription, start kept, window updated.
                spec.dataFrom += 86_400
                spec.revisitSessions = 3
                #expect(try await !store.add(spec))
                let all = try await store.all()
                #expect(all.count == 1)
                #expect(all.first?.spec.dataFrom == 1_710_201_600 && all.first?.spec.revisitSessions == 3)
                #expect(all.first?.spec.contract.symbol == "AAPL" && all.first?.lastClose == nil)

                let lease = SchedulerLease(database: database, holder: "me", period: 5)
                #expect(try await !store.recordRun(spec.id, close: 1_710_273_600, enqueued: 2, lease: lease))
                #expect(try await lease.acquireOrRenew())
                #expect(try await store.recordRun(spec.id, close: 1_710_273_600, enqueued: 2, lease: lease))
                let run = try await store.records(ids: [spec.id]).first
                #expect(run?.lastClose == 1_710_273_600 && run?.lastEnqueued == 2 && run?.totalEnqueued == 2)
                #expect(try await store.remove(ids: [spec.id]) == [spec.id])
                #expect(try await store.all().isEmpty)
            }
        }
    }
}
