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
                let first = SchedulerLease(database: database, holder: "first", period: 1, delay: 300)
                let second = SchedulerLease(database: database, holder: "second", period: 1)
                #expect(try await first.acquireOrRenew())
                #expect(try await !second.acquireOrRenew())
                #expect(try await first.acquireOrRenew(), "the holder renews")
                let held = try await second.current()
                #expect(held?.holder == "first" && held?.expired == false && held?.delay == 300)
                // Not renewed for longer than the period: the other takes it, and the first cannot renew.
                try await Task.sleep(for: .milliseconds(1_200))
                #expect(try await second.acquireOrRenew())
                #expect(try await !first.acquireOrRenew())
                // A release hands it over at once.
                try await second.release()
                #expect(try await first.current() == nil)
                #expect(try await first.acquireOrRenew())
                // Another name is another election.
                let other = SchedulerLease(database: database, name: "other", holder: "second", period: 1)
                #expect(try await other.acquireOrRenew())
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
