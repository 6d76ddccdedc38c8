import BackfillTestSupport
import Foundation
import PQKit
import Testing

extension FleetProcessTests {
    /// PostgreSQL refusing writes: the worker hands the chunk back without spending an attempt, stores nothing
    /// half-way, and finishes the chunk once PostgreSQL works again.
    @Suite(
        .enabled(if: TestServers.postgresEnabled && TestServers.redisEnabled, "DATABASE_URL or REDIS_URL is not set")
    )
    struct DatabaseOutageTests {
        @Test func aFailingCommitIsRetriedLaterAndNothingIsLost() async throws {
            try await FleetHarness.with { harness in
                try await harness.startSimulator([])
                try await harness.run([
                    "enqueue", "--symbols", "AAPL", "--from", "2023-01-01", "--to", "2024-12-31", "--bar", "1d",
                ])
                // The outage: every write to bars fails while the flag row exists.
                try await harness.database { database in
                    try await database.executeScript(
                        """
                        CREATE TABLE outage (since timestamptz);
                        INSERT INTO outage VALUES (now());
                        CREATE FUNCTION refuse_bars() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            IF EXISTS (SELECT 1 FROM outage) THEN RAISE EXCEPTION 'simulated outage'; END IF;
                            RETURN NEW;
                        END $$;
                        CREATE TRIGGER refuse BEFORE INSERT ON bars FOR EACH ROW EXECUTE FUNCTION refuse_bars();
                        """
                    )
                }
                let worker = try harness.startWorker(["--concurrency", "2"])
                #expect(await worker.waitFor("Chunk handed back", inStandardError: true, timeout: .seconds(60)))
                try await harness.database { database in
                    let bars = try await database.query("SELECT count(*) AS n FROM bars").singleRow()
                    #expect(try bars?.decode(Int.self, "n") == 0)
                    let finished = try await database.query(
                        "SELECT count(*) AS n FROM chunks WHERE state IN ('done', 'empty') OR attempts > 0"
                    ).singleRow()
                    #expect(try finished?.decode(Int.self, "n") == 0)
                    try await database.query("DELETE FROM outage")
                }
                let states = try await harness.waitUntilSettled(timeout: .seconds(120))
                #expect(states.keys.sorted() == ["done"], "\(states)")
                let barCount = try await harness.database { database in
                    try await database.query("SELECT count(*) AS n FROM bars").singleRow()?.decode(Int.self, "n")
                }
                #expect((barCount ?? 0) > 400)
                worker.signal(SIGTERM)
                #expect(await worker.waitForExit() == 0)
            }
        }
    }
}
