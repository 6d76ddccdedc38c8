import ArgumentParser
import BackfillStore
import CommandCore

/// Refuses an id that PostgreSQL does not know: the command exits 1 with one sentence instead of reporting
/// "0 chunk(s)" as if it had worked.
enum UnknownID {
    static func requireBackfill(_ id: String, in store: ChunkStore) async throws {
        guard try await store.backfillExists(id: id) else { throw unknownBackfill(id) }
    }

    /// Says that no backfill has this id; returns the exit to throw.
    static func unknownBackfill(_ id: String) -> ExitCode {
        CommandFailure.print("No backfill has the id '\(id)'; `backfill status` lists them.")
        return ExitCode.failure
    }

    /// A chunk that exists and is dead-lettered, the only kind `retry` can send back.
    static func requireDeadChunk(_ id: String, in store: ChunkStore) async throws {
        guard let state = try await store.chunkState(id: id) else {
            CommandFailure.print("No chunk has the id '\(id)'; `backfill dead list` lists the dead ones.")
            throw ExitCode.failure
        }
        guard state == .dead else {
            CommandFailure.print("Chunk '\(id)' is \(state.rawValue), not dead: there is nothing to retry.")
            throw ExitCode.failure
        }
    }
}
