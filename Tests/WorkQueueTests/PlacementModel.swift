import WorkQueue

/// What the property test believes about every chunk, derived only from the answers of the queue's API.
///
/// After each step the model must match what Redis's structures say (``QueueSnapshot``), chunk by chunk: the
/// place, the lease holder and token, the due time, the attempts. The structural check proves each chunk is in at
/// most one place; this comparison proves it is in the place the API said, so none is lost or duplicated.
struct PlacementModel {
    enum Place: Equatable, CustomStringConvertible {
        case absent
        case ready
        case delayed(due: RedisTime)
        case inFlight(worker: String, token: Int64, deadline: RedisTime, cancel: Bool)
        case dead
        case done
        case cancelled

        var description: String {
            switch self {
            case .absent: "absent"
            case .ready: "ready"
            case .delayed(let due): "delayed(\(due))"
            case .inFlight(let worker, let token, let deadline, let cancel):
                "inflight(\(worker), token \(token), deadline \(deadline)\(cancel ? ", cancel" : ""))"
            case .dead: "dead"
            case .done: "done"
            case .cancelled: "cancelled"
            }
        }
    }

    struct Chunk {
        let backfill: String
        let priority: Int
        var place: Place = .absent
        var attempts = 0
        /// Successful acks; the property demands exactly one for every chunk that is not dead.
        var acks = 0
    }

    var chunks: [String: Chunk] = [:]
    let maxAttempts: Int

    init(maxAttempts: Int) {
        self.maxAttempts = maxAttempts
    }

    /// Whether the queue should accept this claim's ack, failure, requeue or heartbeat.
    func holds(_ claim: ClaimedChunk) -> Bool {
        if case .inFlight(let worker, let token, _, _) = chunks[claim.id]?.place {
            return worker == claim.workerID && token == claim.leaseToken
        }
        return false
    }

    func isCancelFlagged(_ id: String) -> Bool {
        if case .inFlight(_, _, _, let cancel) = chunks[id]?.place { return cancel }
        return false
    }

    /// The model's place of a chunk, for messages.
    func placeName(_ id: String) -> String {
        chunks[id]?.place.description ?? "unknown"
    }

    func ids(where predicate: (Chunk) -> Bool) -> [String] {
        chunks.filter { predicate($0.value) }.map(\.key).sorted()
    }

    /// Chunks the model has as delayed but Redis has as ready (or claimed) can only have been promoted by a
    /// claim: accept that when they were due by `time`, and follow.
    mutating func acceptClaimPromotions(_ snapshot: QueueSnapshot) -> [String] {
        var problems: [String] = []
        for (id, chunk) in chunks {
            guard case .delayed(let due) = chunk.place, snapshot.state(of: id) == .ready else { continue }
            if due > snapshot.time {
                problems.append("\(id) was promoted at or before \(snapshot.time) but was due only at \(due)")
            }
            chunks[id]?.place = .ready
        }
        return problems
    }

    /// Every difference between the model and Redis.
    func mismatches(with snapshot: QueueSnapshot) -> [String] {
        var problems: [String] = []
        for (id, chunk) in chunks {
            let record = snapshot.records[id]
            let observed: Place
            switch record?.state {
            case nil: observed = .absent
            case .ready?: observed = .ready
            case .delayed?: observed = .delayed(due: record?.dueAt ?? -1)
            case .inFlight?:
                observed = .inFlight(
                    worker: record?.workerID ?? "?",
                    token: record?.leaseToken ?? -1,
                    deadline: record?.leaseDeadline ?? -1,
                    cancel: record?.cancelRequested ?? false
                )
            case .dead?: observed = .dead
            case .done?: observed = .done
            case .cancelled?: observed = .cancelled
            }
            if observed != chunk.place {
                problems.append("\(id): the model says \(chunk.place), Redis says \(observed)")
            }
            if let record, record.attempts != chunk.attempts {
                problems.append("\(id): the model counts \(chunk.attempts) attempts, Redis \(record.attempts)")
            }
            if let record, record.backfillID != chunk.backfill || record.priority != chunk.priority {
                problems.append("\(id): Redis has backfill \(record.backfillID) priority \(record.priority)")
            }
        }
        for id in snapshot.records.keys where chunks[id] == nil {
            problems.append("Redis has a record for unknown chunk \(id)")
        }
        return problems
    }
}
