import RedisKit
import WorkQueue

/// Every queue structure read at one instant (one pipeline, so nothing runs in between), and the placement
/// invariant checked on it.
struct QueueSnapshot {
    var time: RedisTime = 0
    /// Zset members with their scores.
    var ready: [(id: String, score: Double)] = []
    var delayed: [String: Double] = [:]
    var inFlight: [String: Double] = [:]
    var dead: [String: Double] = [:]
    var records: [String: ChunkRecord] = [:]
    var backlog = 0

    /// The score band of the ready zset: `−priority · 2^42 + sequence`.
    static let priorityBand = 4_398_046_511_104.0

    /// Record JSON → decoded record, so that a long property run decodes only the records that changed.
    final class Decoder {
        private var cache: [[UInt8]: ChunkRecord] = [:]

        func record(_ json: [UInt8]) throws -> ChunkRecord {
            if let known = cache[json] { return known }
            let decoded = try ChunkRecord(json: json)
            if cache.count > 50_000 { cache.removeAll() }
            cache[json] = decoded
            return decoded
        }
    }

    static func read(_ queue: WorkQueue, decoder: Decoder = Decoder()) async throws -> QueueSnapshot {
        let keys = queue.keys
        let replies = try await queue.connection.pipeline([
            RedisCommand("TIME"),
            RedisCommand("ZRANGE", keys[.ready], 0, -1, "WITHSCORES"),
            RedisCommand("ZRANGE", keys[.delayed], 0, -1, "WITHSCORES"),
            RedisCommand("ZRANGE", keys[.inFlight], 0, -1, "WITHSCORES"),
            RedisCommand("ZRANGE", keys[.dead], 0, -1, "WITHSCORES"),
            RedisCommand("HGETALL", keys[.records]),
            RedisCommand("LLEN", keys[.backlog]),
        ])
        if let error = replies.lazy.compactMap(\.error).first { throw error }
        var snapshot = QueueSnapshot()
        let time = replies[0].array ?? []
        snapshot.time = (time[0].integer ?? 0) * 1000 + (time[1].integer ?? 0) / 1000
        snapshot.ready = pairs(replies[1])
        snapshot.delayed = Dictionary(uniqueKeysWithValues: pairs(replies[2]).map { ($0.id, $0.score) })
        snapshot.inFlight = Dictionary(uniqueKeysWithValues: pairs(replies[3]).map { ($0.id, $0.score) })
        snapshot.dead = Dictionary(uniqueKeysWithValues: pairs(replies[4]).map { ($0.id, $0.score) })
        let flat = replies[5].array ?? []
        for index in stride(from: 0, to: flat.count - 1, by: 2) {
            snapshot.records[flat[index].string ?? ""] = try decoder.record(flat[index + 1].bytes ?? [])
        }
        snapshot.backlog = Int(replies[6].integer ?? -1)
        return snapshot
    }

    private static func pairs(_ reply: RedisReply) -> [(id: String, score: Double)] {
        let flat = reply.array ?? []
        return stride(from: 0, to: flat.count - 1, by: 2).map { index in
            (flat[index].string ?? "", Double(flat[index + 1].string ?? "") ?? .nan)
        }
    }

    /// The state the structures put a chunk in: its record's state, or nil if Redis does not know it.
    func state(of id: String) -> QueueState? { records[id]?.state }

    /// Checks that every chunk is in exactly one place and that each place agrees with the chunk's record.
    ///
    /// - Returns: one sentence per violation; empty when the invariant holds.
    func placementViolations() -> [String] {
        var problems: [String] = []
        var place: [String: String] = [:]
        func claim(_ id: String, _ structure: String) {
            if let other = place[id] { problems.append("\(id) is in both \(other) and \(structure)") }
            place[id] = structure
        }
        for (id, _) in ready { claim(id, "ready") }
        for id in delayed.keys { claim(id, "delayed") }
        for id in inFlight.keys { claim(id, "inflight") }
        for id in dead.keys { claim(id, "dead") }

        let expected: [QueueState: String] = [
            .ready: "ready", .delayed: "delayed", .inFlight: "inflight", .dead: "dead",
        ]
        for (id, structure) in place {
            guard let record = records[id] else {
                problems.append("\(id) is in \(structure) without a record")
                continue
            }
            if expected[record.state] != structure {
                problems.append("\(id) is in \(structure) but its record says \(record.state)")
            }
        }
        for (id, record) in records {
            if let structure = expected[record.state], place[id] != structure {
                problems.append("\(id)'s record says \(record.state) but it is in \(place[id] ?? "nothing")")
            }
            if record.state != .inFlight, record.workerID != nil || record.leaseToken != nil || record.cancelRequested {
                problems.append("\(id) is \(record.state) but still has lease fields")
            }
        }
        // Scores agree with the records, and the ready order is priority first, then time of becoming ready.
        var previous: (priority: Int, since: RedisTime)?
        for (id, score) in ready {
            guard let record = records[id] else { continue }
            let priority = -Int((score / Self.priorityBand).rounded(.down))
            if priority != record.priority {
                problems.append("\(id) is ready in priority \(priority)'s band but has priority \(record.priority)")
            }
            if let previous, previous.priority == priority, previous.since > record.since {
                problems.append("ready chunk \(id) became ready before the chunk in front of it")
            }
            if let previous, previous.priority < priority {
                problems.append("ready chunk \(id) has a higher priority than the chunk in front of it")
            }
            previous = (priority, record.since)
        }
        for (id, score) in delayed where records[id]?.dueAt.map(Double.init) != score {
            problems.append("\(id)'s delayed score \(score) is not its due time")
        }
        for (id, score) in inFlight {
            guard let record = records[id] else { continue }
            if record.leaseDeadline.map(Double.init) != score {
                problems.append("\(id)'s in-flight score \(score) is not its lease deadline")
            }
            if record.workerID == nil || record.leaseToken == nil {
                problems.append("\(id) is in flight without a worker or lease token")
            }
        }
        if backlog != ready.count + inFlight.count {
            problems.append(
                "the backlog holds \(backlog) tokens for \(ready.count) ready + \(inFlight.count) in flight"
            )
        }
        return problems
    }
}
