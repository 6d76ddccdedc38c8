import RedisKit

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What Redis keeps about one chunk: its backfill, priority, attempts, placement and last error.
///
/// Stored as a small JSON object in the queue's records hash, one field per chunk id (see the KeyLayout article),
/// and written only by the queue's scripts. Postgres stays the system of record; this is the dispatch state that
/// `enqueue` can rebuild.
public struct ChunkRecord: Sendable, Hashable {
    /// The backfill this chunk belongs to.
    public var backfillID: String
    /// Higher is served first.
    public var priority: Int
    /// Failed attempts so far (transient and permanent failures, and expired leases). Reset by a dead-letter retry.
    public var attempts: Int
    /// Where the chunk is.
    public var state: QueueState
    /// When the chunk entered ``state``.
    public var since: RedisTime
    /// When the chunk was (last) enqueued.
    public var enqueuedAt: RedisTime?
    /// The worker holding the chunk, while in flight.
    public var workerID: String?
    /// That worker's TWS client id, while in flight.
    public var clientID: Int?
    /// The token of the current lease, while in flight; a new claim gets a new one.
    public var leaseToken: Int64?
    /// When the current lease runs out, while in flight.
    public var leaseDeadline: RedisTime?
    /// When the chunk becomes ready again, while delayed.
    public var dueAt: RedisTime?
    /// True while in flight if its backfill was cancelled: the worker may stop, and anything but an ack drops it.
    public var cancelRequested: Bool
    /// The most recent failure, if any.
    public var lastError: ChunkError?

    public init(
        backfillID: String,
        priority: Int,
        attempts: Int = 0,
        state: QueueState,
        since: RedisTime,
        enqueuedAt: RedisTime? = nil,
        workerID: String? = nil,
        clientID: Int? = nil,
        leaseToken: Int64? = nil,
        leaseDeadline: RedisTime? = nil,
        dueAt: RedisTime? = nil,
        cancelRequested: Bool = false,
        lastError: ChunkError? = nil
    ) {
        self.backfillID = backfillID
        self.priority = priority
        self.attempts = attempts
        self.state = state
        self.since = since
        self.enqueuedAt = enqueuedAt
        self.workerID = workerID
        self.clientID = clientID
        self.leaseToken = leaseToken
        self.leaseDeadline = leaseDeadline
        self.dueAt = dueAt
        self.cancelRequested = cancelRequested
        self.lastError = lastError
    }

    /// Decodes a record as the scripts store it.
    ///
    /// - Throws: ``WorkQueueError`` `.unexpectedReply` if the JSON is not a record.
    public init(json: [UInt8]) throws(WorkQueueError) {
        do {
            self = try JSONDecoder().decode(ChunkRecord.self, from: Data(json))
        } catch {
            throw WorkQueueError(
                .unexpectedReply,
                "A chunk record in Redis is not valid: \(error).",
                underlying: error
            )
        }
    }
}

extension ChunkRecord: Decodable {
    /// The short field names the Lua scripts use.
    private enum Field: String, CodingKey {
        case backfill, priority, attempts, state, since, enqueued, worker, client, lease, deadline, due, cancel
        case errorClass, errorCode, errorText, errorAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Field.self)
        backfillID = try container.decodeIfPresent(String.self, forKey: .backfill) ?? ""
        priority = try container.decodeIfPresent(Int.self, forKey: .priority) ?? 0
        attempts = try container.decodeIfPresent(Int.self, forKey: .attempts) ?? 0
        state = try container.decode(QueueState.self, forKey: .state)
        since = try container.decodeIfPresent(RedisTime.self, forKey: .since) ?? 0
        enqueuedAt = try container.decodeIfPresent(RedisTime.self, forKey: .enqueued)
        workerID = try container.decodeIfPresent(String.self, forKey: .worker)
        clientID = try container.decodeIfPresent(Int.self, forKey: .client)
        leaseToken = try container.decodeIfPresent(Int64.self, forKey: .lease)
        leaseDeadline = try container.decodeIfPresent(RedisTime.self, forKey: .deadline)
        dueAt = try container.decodeIfPresent(RedisTime.self, forKey: .due)
        cancelRequested = try container.decodeIfPresent(Bool.self, forKey: .cancel) ?? false
        if let errorClass = try container.decodeIfPresent(String.self, forKey: .errorClass) {
            lastError = ChunkError(
                failureClass: FailureClass(rawValue: errorClass),
                code: try container.decodeIfPresent(Int.self, forKey: .errorCode),
                message: try container.decodeIfPresent(String.self, forKey: .errorText) ?? "",
                at: try container.decodeIfPresent(RedisTime.self, forKey: .errorAt) ?? since
            )
        } else {
            lastError = nil
        }
    }
}
