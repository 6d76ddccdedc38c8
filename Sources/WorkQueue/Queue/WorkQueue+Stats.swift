import BlockingIO
import RedisKit

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension WorkQueue {
    /// Reads the queue's counters, per-priority ready counts and ages, and live workers at one instant.
    ///
    /// Cost: O(priorities in use · log n) for the ready counts plus O(chunks in flight) for the per-worker counts,
    /// so it is cheap enough for `status --watch` and a metrics scrape.
    ///
    /// - Throws: ``WorkQueueError``.
    public func stats() async throws(WorkQueueError) -> QueueStats {
        let parts = try await run(
            QueueScript.stats,
            keys: [
                keys[.ready], keys[.delayed], keys[.inFlight], keys[.dead], keys[.records], keys[.workers],
                keys[.workerInfo],
                keys[.backlog],
            ],
            arguments: []
        ).elements()
        func count(_ index: Int) throws(WorkQueueError) -> Int {
            Int(try parts.element(index).number())
        }
        let now = try parts.element(0).number()
        let bands = try parts.element(1).elements()
        var levels: [QueueStats.PriorityLevel] = []
        for index in stride(from: 0, to: bands.count - 2, by: 3) {
            let since = try bands[index + 2].number()
            levels.append(
                QueueStats.PriorityLevel(
                    priority: Int(try bands[index].number()),
                    ready: Int(try bands[index + 1].number()),
                    oldestReadyAge: .milliseconds(max(0, now - since))
                )
            )
        }
        let dueReply = try parts.element(7)
        let nextDue = dueReply.isNull ? nil : try dueReply.number()
        var workers: [String: QueueStats.Worker] = [:]
        let registered = try parts.element(8).elements()
        for index in stride(from: 0, to: registered.count - 2, by: 3) {
            let id = try registered[index].text()
            let info = Self.workerInfo(registered[index + 2].reply.bytes ?? [])
            workers[id] = QueueStats.Worker(
                id: id,
                clientID: info.client,
                registrationExpires: try registered[index + 1].number(),
                lastSeen: info.seen,
                inFlight: 0,
                gateway: info.gateway
            )
        }
        let holders = try parts.element(9).elements()
        for index in stride(from: 0, to: holders.count - 1, by: 2) {
            let id = try holders[index].text()
            let held = Int(try holders[index + 1].number())
            let unregistered = QueueStats.Worker(
                id: id,
                clientID: nil,
                registrationExpires: nil,
                lastSeen: nil,
                inFlight: 0
            )
            workers[id, default: unregistered].inFlight = held
        }
        return QueueStats(
            time: now,
            readyByPriority: levels,
            ready: try count(2),
            delayed: try count(3),
            inFlight: try count(4),
            dead: try count(5),
            backlog: try count(6),
            nextDelayedDue: nextDue,
            workers: workers.values.sorted { $0.id < $1.id }
        )
    }

    private struct WorkerInfo: Decodable {
        var client: Int?
        var seen: RedisTime?
        var gateway: String?
    }

    /// A registration's JSON; an unreadable one shows as a worker without details rather than failing `status`.
    private static func workerInfo(_ json: [UInt8]) -> WorkerInfo {
        (try? JSONDecoder().decode(WorkerInfo.self, from: Data(json)))
            ?? WorkerInfo(client: nil, seen: nil, gateway: nil)
    }
}
