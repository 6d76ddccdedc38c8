import ArgumentParser
import BackfillStore
import CommandCore
import Logging
import PQKit
import RedisKit
import WorkQueue

/// PostgreSQL (the record) and the Redis queue, opened for one command and closed after it.
struct FleetServices {
    let store: ChunkStore
    let queue: WorkQueue

    /// Runs `body` with both services; a failure to reach either, or an error while working, ends the command
    /// with status 1 and one sentence (without passwords).
    static func with<Result: Sendable>(
        _ settings: Settings,
        logger: Logger,
        _ body: (FleetServices) async throws -> Result
    ) async throws -> Result {
        do {
            return try await PostgresConnection.withConnection(configuration: settings.database, logger: logger) {
                database in
                try await RedisConnection.withConnection(configuration: settings.redis, logger: logger) { redis in
                    let services = FleetServices(
                        store: ChunkStore(database: database),
                        queue: try WorkQueue(
                            connection: redis,
                            configuration: settings.queueConfiguration,
                            logger: logger
                        )
                    )
                    return try await body(services)
                }
            }
        } catch let error as PostgresError {
            CommandFailure.print(postgres: error)
        } catch let error as RedisError {
            CommandFailure.print(error.description)
        } catch let error as WorkQueueError {
            CommandFailure.print(error.description)
        }
        throw ExitCode.failure
    }

    /// Runs `body` with PostgreSQL only (commands that read the record and queue nothing); failures as ``with(_:logger:_:)``.
    static func withDatabase<Result: Sendable>(
        _ settings: Settings,
        logger: Logger,
        _ body: (ChunkStore) async throws -> Result
    ) async throws -> Result {
        do {
            return try await PostgresConnection.withConnection(configuration: settings.database, logger: logger) {
                try await body(ChunkStore(database: $0))
            }
        } catch let error as PostgresError {
            CommandFailure.print(postgres: error)
        }
        throw ExitCode.failure
    }

    /// Pushes one backfill's chunks to Redis at its priority and records them as queued. Returns how many were new
    /// to the queue (the rest were there already).
    func push(_ ids: [String], backfillID: String, priority: Int) async throws -> Int {
        let added = try await queue.enqueue(ids, backfillID: backfillID, priority: priority)
        try await store.markQueued(ids)
        return added
    }

    /// Pushes chunks of any backfills (what `resume` found unfinished), grouped by backfill and priority.
    func push(_ items: [ChunkWorkItem]) async throws -> Int {
        var added = 0
        for group in Dictionary(grouping: items, by: { "\($0.backfillID)\u{1F}\($0.priority)" }).values {
            guard let first = group.first else { continue }
            added += try await push(group.map(\.request.id), backfillID: first.backfillID, priority: first.priority)
        }
        return added
    }
}
