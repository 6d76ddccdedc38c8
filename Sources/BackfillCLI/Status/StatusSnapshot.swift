import BackfillStore
import ChunkPlanning
import Foundation
import GlobalPacer
import WorkQueue

/// Everything `backfill status` shows, read at one moment: progress from PostgreSQL, the queue and the pacers
/// from Redis. A part that could not be read is missing and its failure is listed instead.
struct StatusSnapshot: Sendable {
    /// A part that could not be read, and why.
    struct Failure: Sendable {
        /// What was being read: `backfills`, `queue` or `pacer HOST:PORT`.
        var part: String
        var error: any Error

        /// One line, e.g. `queue: Cannot connect to Redis at 127.0.0.1:6379: Connection refused`.
        var text: String {
            "\(part): \(String(describing: error))".replacingOccurrences(of: "\n", with: " ")
        }
    }

    /// When the snapshot was taken (this machine's clock).
    var time: Date
    /// Progress per backfill, newest first; nil if PostgreSQL could not be read.
    var backfills: [ChunkStore.BackfillProgress]?
    /// The queue and its workers; nil if Redis could not be read.
    var queue: QueueStats?
    /// The limits the pacers keep (the same for every gateway), for "12/60" and the window lengths.
    var pacerConfiguration: PacerConfiguration
    /// One state per gateway asked about that could be read.
    var pacers: [PacerState]
    /// The scheduler and the subscriptions; nil when there are none, or PostgreSQL could not be read.
    var scheduler: SchedulerStatus?
    /// Request sizes gateways refused and what worked below them; nil when PostgreSQL could not be read.
    var requestSizes: RequestSizeLimits?
    var failures: [Failure]

    /// Reads every part, carrying on past failures: each becomes a ``Failure`` and its part stays empty. The pacers
    /// share the queue's Redis connection, so they are only asked when the queue answered (one outage, one line).
    static func read(
        store: ChunkStore,
        queue: WorkQueue,
        pacers: [GlobalPacer],
        pacerConfiguration: PacerConfiguration,
        backfillID: String?,
        marketNow: Int64
    ) async -> StatusSnapshot {
        var snapshot = StatusSnapshot(
            time: Date(),
            backfills: nil,
            queue: nil,
            pacerConfiguration: pacerConfiguration,
            pacers: [],
            scheduler: nil,
            requestSizes: nil,
            failures: []
        )
        do {
            snapshot.backfills = try await store.progress(backfillID: backfillID)
        } catch {
            snapshot.failures.append(Failure(part: "backfills", error: error))
        }
        if snapshot.backfills != nil {
            do {
                snapshot.scheduler = try await SchedulerStatus.read(store: store, marketNow: marketNow)
            } catch {
                snapshot.failures.append(Failure(part: "scheduler", error: error))
            }
            do {
                snapshot.requestSizes = try await RequestSizeStore(database: store.database).limits()
            } catch {
                snapshot.failures.append(Failure(part: "request sizes", error: error))
            }
        }
        do {
            snapshot.queue = try await queue.stats()
        } catch {
            snapshot.failures.append(Failure(part: "queue", error: error))
        }
        guard snapshot.queue != nil else { return snapshot }
        for pacer in pacers {
            do {
                snapshot.pacers.append(try await pacer.state())
            } catch {
                snapshot.failures.append(Failure(part: "pacer \(pacer.gateway)", error: error))
            }
        }
        return snapshot
    }
}
