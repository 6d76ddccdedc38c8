import BackfillTestSupport
import BlockingIO
import Foundation
import RedisKit
import Testing
import WorkQueue

/// The acceptance property: under any interleaving of claims, acks, failures, heartbeats, reaping, promotion,
/// retries, requeues, cancellations and repeated `resume`s, a chunk is never in two places and never nowhere, and
/// after draining every chunk is done exactly once or dead exactly once.
///
/// Replay a failure with `WORKQUEUE_PROPERTY_SEED=<seed>`; `WORKQUEUE_PROPERTY_STEPS` changes the length.
@Suite(.enabled(if: TestServers.redisEnabled, "REDIS_URL is not set"))
struct PlacementPropertyTests {
    static var seeds: [UInt64] {
        if let text = ProcessInfo.processInfo.environment["WORKQUEUE_PROPERTY_SEED"], let seed = UInt64(text) {
            return [seed]
        }
        return [0x5EED_0001, 0xB4CF_F111]
    }

    static var steps: Int {
        ProcessInfo.processInfo.environment["WORKQUEUE_PROPERTY_STEPS"].flatMap { Int($0) } ?? 5_000
    }

    @Test(arguments: seeds)
    func randomInterleavingsNeverLoseOrDuplicateAChunk(seed: UInt64) async throws {
        try await TestRedis.withQueue(
            TestRedis.settings {
                $0.maxAttempts = 4
                $0.backoff = Backoff(base: .milliseconds(1), cap: .milliseconds(8))
                // Small windows, so the windowed scripts cross window boundaries often.
                $0.maintenanceBatchSize = 7
                $0.enqueueBatchSize = 64
            }
        ) { queue in
            var run = PropertyRun(queue: queue, seed: seed)
            try await run.start()
            for step in 1...Self.steps {
                try await run.step(step)
                if run.failed { return }
            }
            try await run.drainAndCheck()
        }
    }
}

/// One seeded run of the property test against one queue.
struct PropertyRun {
    let queue: WorkQueue
    let seed: UInt64
    var random: SplitMix64
    var model: PlacementModel
    /// Each simulated worker's claims, including ones it has lost without knowing (zombie claims).
    var claims: [String: [ClaimedChunk]]
    let backfills: [(id: String, priority: Int)] = [("alpha", 0), ("beta", 0), ("gamma", 5)]
    let decoder = QueueSnapshot.Decoder()
    var snapshot = QueueSnapshot()
    /// What `resume` would have read from Postgres some steps ago, to race it with acks.
    var staleUnfinished: [String] = []
    var recent: [String] = []
    var failed = false
    /// How often each interesting event happened, so a run that never exercised one fails instead of passing.
    var tally: [String: Int] = [:]

    static let chunkCount = 200
    static var steps: Int { PlacementPropertyTests.steps }
    static let workerIDs = (1...5).map { "worker-\($0)" }
    static let concurrency = 4

    init(queue: WorkQueue, seed: UInt64) {
        self.queue = queue
        self.seed = seed
        random = SplitMix64(seed: seed)
        model = PlacementModel(maxAttempts: queue.configuration.maxAttempts)
        claims = Dictionary(uniqueKeysWithValues: Self.workerIDs.map { ($0, []) })
        for index in 0..<Self.chunkCount {
            let backfill = backfills[index % backfills.count]
            let id = String(format: "%016llx%016llx", random.next(), UInt64(index))
            model.chunks[id] = PlacementModel.Chunk(backfill: backfill.id, priority: backfill.priority)
        }
    }

    mutating func start() async throws {
        snapshot = try await QueueSnapshot.read(queue, decoder: decoder)
        try await resume(model.ids { $0.place != .done }, label: "initial enqueue")
        try await verify(after: "initial enqueue", pending: [])
    }

    // MARK: Steps

    mutating func step(_ number: Int) async throws {
        if number % 25 == 0 { staleUnfinished = model.ids { $0.place != .done } }
        var roll = Int.random(in: 0..<100, using: &random)
        // The last tenth runs without retries, purges, cancels and resumes, so dead letters pile up for the end.
        if number > Self.steps * 9 / 10, (76..<83).contains(roll) { roll = 99 }
        var pending: [(RedisTime) -> String?] = []
        let label: String
        // Acks are rare next to failures and requeues, so chunks cycle through every state many times before
        // they finish, and the queue stays busy for the whole run.
        switch roll {
        case 0..<26: label = try await claimStep(&pending)
        case 26..<30: label = try await ackStep()
        case 30..<43: label = try await failStep(.transient, &pending)
        case 43..<44: label = try await failStep(.permanent, &pending)
        case 44..<53: label = try await extendStep(&pending)
        case 53..<61: label = try await requeueStep(&pending)
        case 61..<69: label = try await reapStep(&pending)
        case 69..<76: label = try await promoteStep(&pending)
        case 76..<78: label = try await retryStep()
        case 78..<81:
            let useStale = Bool.random(using: &random)
            let ids = useStale ? staleUnfinished : model.ids { $0.place != .done }
            try await resume(ids, label: useStale ? "stale resume" : "resume")
            label = useStale ? "resume (stale)" : "resume"
        case 81..<82: label = try await purgeStep()
        case 82..<83: label = try await cancelStep()
        default:
            let pause = Int.random(in: 1...4, using: &random)
            try await Task.sleep(for: .milliseconds(pause))
            label = "sleep \(pause) ms"
        }
        try await verify(after: "step \(number): \(label)", pending: pending)
    }

    private mutating func randomWorker() -> String {
        Self.workerIDs[Int.random(in: 0..<Self.workerIDs.count, using: &random)]
    }

    /// Removes and returns a random claim of a random worker that has one.
    private mutating func takeRandomClaim() -> ClaimedChunk? {
        let busy = Self.workerIDs.filter { !(claims[$0] ?? []).isEmpty }
        guard !busy.isEmpty else { return nil }
        let worker = busy[Int.random(in: 0..<busy.count, using: &random)]
        let index = Int.random(in: 0..<claims[worker]!.count, using: &random)
        return claims[worker]!.remove(at: index)
    }

    private mutating func claimStep(_ pending: inout [(RedisTime) -> String?]) async throws -> String {
        let worker = randomWorker()
        guard (claims[worker] ?? []).count < Self.concurrency else { return "claim skipped (\(worker) busy)" }
        let lease: Duration =
            Int.random(in: 0..<4, using: &random) == 0
            ? .milliseconds(Int.random(in: 1...3, using: &random)) : .seconds(30)
        let before = snapshot
        let clientID = Self.workerIDs.firstIndex(of: worker)! + 1
        let chunk = try await queue.claim(worker: worker, clientID: clientID, lease: lease)
        let readyBefore = model.ids { $0.place == .ready }
        let dueBefore = model.ids {
            if case .delayed(let due) = $0.place { return due <= before.time }
            return false
        }
        guard let chunk else {
            if !readyBefore.isEmpty || !dueBefore.isEmpty {
                fail("claim found nothing though \(readyBefore.count) were ready and \(dueBefore.count) due")
            }
            return "claim by \(worker): nothing"
        }
        guard let known = model.chunks[chunk.id] else {
            fail("claim returned unknown chunk \(chunk.id)")
            return "claim"
        }
        switch known.place {
        case .ready:
            if before.ready.first?.id != chunk.id {
                fail("claim returned \(chunk.id), not the head of the ready queue \(before.ready.first?.id ?? "-")")
            }
        case .delayed(let due):
            pending.append { now in due <= now ? nil : "claim returned \(chunk.id) before it was due" }
            if let head = before.ready.first.flatMap({ model.chunks[$0.id] }), head.priority >= known.priority {
                fail("claim returned promoted \(chunk.id) ahead of a ready chunk of priority \(head.priority)")
            }
        default:
            fail("claim returned \(chunk.id), which the model has as \(known.place)")
        }
        if chunk.record.attempts != known.attempts {
            fail("claim returned \(chunk.id) with \(chunk.record.attempts) attempts; expected \(known.attempts)")
        }
        let leaseMilliseconds = lease.milliseconds
        let earliest = before.time + leaseMilliseconds
        pending.append { now in
            (earliest...now + leaseMilliseconds).contains(chunk.leaseDeadline) ? nil : "lease deadline out of range"
        }
        model.chunks[chunk.id]?.place = .inFlight(
            worker: worker,
            token: chunk.leaseToken,
            deadline: chunk.leaseDeadline,
            cancel: false
        )
        claims[worker, default: []].append(chunk)
        tally[known.place == .ready ? "claim" : "claim of a promoted chunk", default: 0] += 1
        return "claim by \(worker): \(chunk.id) for \(lease)"
    }

    private mutating func ackStep() async throws -> String {
        guard let claim = takeRandomClaim() else { return "ack skipped" }
        let held = model.holds(claim)
        let outcome = try await queue.ack(claim)
        expect(outcome, held ? .done : .notHeld, "ack of \(claim.id)")
        if held {
            model.chunks[claim.id]?.place = .done
            model.chunks[claim.id]?.acks += 1
        }
        tally[held ? "ack" : "ack refused", default: 0] += 1
        return "ack \(claim.id) by \(claim.workerID): \(outcome)"
    }

    private mutating func failStep(
        _ failureClass: FailureClass,
        _ pending: inout [(RedisTime) -> String?]
    ) async throws -> String {
        guard let claim = takeRandomClaim() else { return "fail skipped" }
        let held = model.holds(claim)
        let jitter = Double.random(in: 0..<1, using: &random)
        let start = snapshot.time
        let outcome = try await queue.fail(claim, as: failureClass, code: 162, message: "simulated", jitter: jitter)
        guard held else {
            expect(outcome, .notHeld, "fail of a lost claim \(claim.id)")
            return "fail \(claim.id) (lost): \(outcome)"
        }
        var chunk = model.chunks[claim.id]!
        chunk.attempts += 1
        if model.isCancelFlagged(claim.id) {
            expect(outcome, .cancelled, "fail of cancelled \(claim.id)")
            chunk.place = .cancelled
        } else if failureClass == .permanent || chunk.attempts >= model.maxAttempts {
            expect(outcome, .dead, "fail of \(claim.id) after \(chunk.attempts) attempts")
            chunk.place = .dead
        } else if case .delayed(let until) = outcome {
            let wait = queue.configuration.backoff.delay(afterAttempts: chunk.attempts, jitter: jitter)
                .milliseconds
            pending.append { now in
                (start + wait...now + wait).contains(until) ? nil : "backoff of \(claim.id) is not \(wait) ms"
            }
            chunk.place = .delayed(due: until)
        } else {
            fail("fail of \(claim.id) answered \(outcome); expected a delay")
        }
        model.chunks[claim.id] = chunk
        tally["fail → \(chunk.place.kind)", default: 0] += 1
        return "fail \(failureClass) \(claim.id): \(outcome)"
    }

    private mutating func extendStep(_ pending: inout [(RedisTime) -> String?]) async throws -> String {
        guard let claim = takeRandomClaim() else { return "extend skipped" }
        let held = model.holds(claim)
        let lease: Duration = Bool.random(using: &random) ? .seconds(30) : .milliseconds(2)
        let start = snapshot.time
        let status = try await queue.extendLease(claim, by: lease)
        switch status {
        case .lost:
            if held { fail("extend of held \(claim.id) answered lost") }
            tally["extend lost", default: 0] += 1
            return "extend \(claim.id): lost"
        case .held(let deadline, let cancelRequested):
            guard held, case .inFlight(let worker, let token, _, let cancel) = model.chunks[claim.id]!.place else {
                fail("extend of a lost claim \(claim.id) answered held")
                return "extend"
            }
            if cancelRequested != cancel { fail("extend of \(claim.id) reported cancel \(cancelRequested)") }
            let milliseconds = lease.milliseconds
            pending.append { now in
                (start + milliseconds...now + milliseconds).contains(deadline) ? nil : "extended deadline out of range"
            }
            model.chunks[claim.id]!.place = .inFlight(worker: worker, token: token, deadline: deadline, cancel: cancel)
            claims[claim.workerID, default: []].append(claim)
            tally[cancel ? "extend of a cancelled chunk" : "extend", default: 0] += 1
            return "extend \(claim.id) by \(lease)"
        }
    }

    private mutating func requeueStep(_ pending: inout [(RedisTime) -> String?]) async throws -> String {
        guard let claim = takeRandomClaim() else { return "requeue skipped" }
        let held = model.holds(claim)
        let delay: Duration = Bool.random(using: &random) ? .zero : .milliseconds(Int.random(in: 1...5, using: &random))
        let start = snapshot.time
        let outcome = try await queue.requeueWithoutPenalty(claim, after: delay)
        guard held else {
            expect(outcome, .notHeld, "requeue of a lost claim \(claim.id)")
            return "requeue \(claim.id) (lost)"
        }
        if model.isCancelFlagged(claim.id) {
            expect(outcome, .cancelled, "requeue of cancelled \(claim.id)")
            model.chunks[claim.id]!.place = .cancelled
        } else if delay == .zero {
            expect(outcome, .ready, "requeue of \(claim.id)")
            model.chunks[claim.id]!.place = .ready
        } else if case .delayed(let until) = outcome {
            let milliseconds = delay.milliseconds
            pending.append { now in
                (start + milliseconds...now + milliseconds).contains(until) ? nil : "requeue delay out of range"
            }
            model.chunks[claim.id]!.place = .delayed(due: until)
        } else {
            fail("requeue of \(claim.id) with a delay answered \(outcome)")
        }
        tally["requeue → \(model.chunks[claim.id]!.place.kind)", default: 0] += 1
        return "requeue \(claim.id) after \(delay): \(outcome)"
    }

    private mutating func reapStep(_ pending: inout [(RedisTime) -> String?]) async throws -> String {
        let start = snapshot.time
        let mustReap = Set(
            model.ids {
                if case .inFlight(_, _, let deadline, _) = $0.place { return deadline < start }
                return false
            }
        )
        let reaped = try await queue.reap()
        for chunk in reaped {
            guard case .inFlight(_, _, let deadline, let cancel) = model.chunks[chunk.id]?.place else {
                fail("reap returned \(chunk.id), which the model has as \(model.placeName(chunk.id))")
                continue
            }
            pending.append { now in deadline < now ? nil : "reap took \(chunk.id) before its lease ran out" }
            model.chunks[chunk.id]!.attempts += 1
            let expected: QueueState =
                cancel ? .cancelled : model.chunks[chunk.id]!.attempts >= model.maxAttempts ? .dead : .ready
            if chunk.state != expected { fail("reap sent \(chunk.id) to \(chunk.state); expected \(expected)") }
            model.chunks[chunk.id]!.place = expected == .ready ? .ready : expected == .dead ? .dead : .cancelled
            tally["reap → \(expected)", default: 0] += 1
        }
        let missed = mustReap.subtracting(reaped.map(\.id))
        if !missed.isEmpty { fail("reap missed expired leases: \(missed.sorted())") }
        return "reap: \(reaped.count)"
    }

    private mutating func promoteStep(_ pending: inout [(RedisTime) -> String?]) async throws -> String {
        let start = snapshot.time
        let mustPromote = Set(
            model.ids {
                if case .delayed(let due) = $0.place { return due <= start }
                return false
            }
        )
        let promoted = try await queue.promote()
        for id in promoted {
            guard case .delayed(let due) = model.chunks[id]?.place else {
                fail("promote returned \(id), which is not delayed")
                continue
            }
            pending.append { now in due <= now ? nil : "promote took \(id) before it was due" }
            model.chunks[id]!.place = .ready
            tally["promote", default: 0] += 1
        }
        let missed = mustPromote.subtracting(promoted)
        if !missed.isEmpty { fail("promote missed due chunks: \(missed.sorted())") }
        return "promote: \(promoted.count)"
    }

    private mutating func retryStep() async throws -> String {
        let dead = model.ids { $0.place == .dead }
        let selection: DeadSelection
        let chosen: [String]
        switch Int.random(in: 0..<10, using: &random) {
        case 0:
            selection = .all
            chosen = dead
        case 1..<4:
            let backfill = backfills[Int.random(in: 0..<backfills.count, using: &random)].id
            selection = .backfill(backfill)
            chosen = dead.filter { model.chunks[$0]!.backfill == backfill }
        default:
            // Now and then a chunk that is not dead, which must be left alone.
            let pool = dead.isEmpty || Int.random(in: 0..<5, using: &random) == 0 ? model.ids { _ in true } : dead
            let id = pool[Int.random(in: 0..<pool.count, using: &random)]
            selection = .chunk(id)
            chosen = model.chunks[id]!.place == .dead ? [id] : []
        }
        let moved = try await queue.retryDead(selection)
        if moved != chosen.count { fail("retry \(selection) moved \(moved); expected \(chosen.count)") }
        for id in chosen {
            model.chunks[id]!.place = .ready
            model.chunks[id]!.attempts = 0
        }
        tally["retried", default: 0] += moved
        return "retry \(selection): \(moved)"
    }

    private mutating func purgeStep() async throws -> String {
        let dead = model.ids { $0.place == .dead }
        guard let id = dead.randomElement(using: &random) else { return "purge skipped" }
        let removed = try await queue.purgeDead(.chunk(id))
        if removed != 1 { fail("purge of dead \(id) removed \(removed)") }
        model.chunks[id]!.place = .absent
        model.chunks[id]!.attempts = 0
        tally["purge", default: 0] += 1
        return "purge \(id)"
    }

    private mutating func cancelStep() async throws -> String {
        let backfill = backfills[Int.random(in: 0..<backfills.count, using: &random)].id
        var removed = 0
        var flagged = 0
        for (id, chunk) in model.chunks where chunk.backfill == backfill {
            switch chunk.place {
            case .ready, .delayed, .dead:
                removed += 1
                model.chunks[id]!.place = .cancelled
            case .inFlight(let worker, let token, let deadline, let cancel):
                if !cancel { flagged += 1 }
                model.chunks[id]!.place = .inFlight(worker: worker, token: token, deadline: deadline, cancel: true)
            case .absent, .done, .cancelled:
                break
            }
        }
        let result = try await queue.cancel(backfillID: backfill)
        if result != CancelResult(removed: removed, flaggedInFlight: flagged) {
            fail("cancel \(backfill) did \(result); expected \(removed) removed and \(flagged) flagged")
        }
        tally["cancel removed", default: 0] += removed
        tally["cancel flagged", default: 0] += flagged
        return "cancel \(backfill): \(result)"
    }

    /// Enqueues the given chunks per backfill, as `backfill resume` does from Postgres.
    private mutating func resume(_ ids: [String], label: String) async throws {
        for backfill in backfills {
            let mine = ids.filter { model.chunks[$0]?.backfill == backfill.id }
            var expected = 0
            for id in mine {
                switch model.chunks[id]!.place {
                case .absent, .cancelled:
                    expected += 1
                    model.chunks[id]!.place = .ready
                    model.chunks[id]!.attempts = 0
                case .inFlight(let worker, let token, let deadline, _):
                    model.chunks[id]!.place = .inFlight(worker: worker, token: token, deadline: deadline, cancel: false)
                default:
                    break
                }
            }
            let added = try await queue.enqueue(mine, backfillID: backfill.id, priority: backfill.priority)
            tally["resume re-added", default: 0] += label == "initial enqueue" ? 0 : added
            tally["resume of a done chunk", default: 0] += mine.filter { model.chunks[$0]!.place == .done }.count
            if added != expected { fail("\(label) of \(backfill.id) added \(added); expected \(expected)") }
        }
    }

    // MARK: Checking

    private mutating func verify(after label: String, pending: [(RedisTime) -> String?]) async throws {
        recent.append(label)
        if recent.count > 12 { recent.removeFirst() }
        snapshot = try await QueueSnapshot.read(queue, decoder: decoder)
        var problems = snapshot.placementViolations()
        problems += pending.compactMap { $0(snapshot.time) }
        if label.contains("claim") { problems += model.acceptClaimPromotions(snapshot) }
        problems += model.mismatches(with: snapshot)
        for problem in problems { fail(problem) }
    }

    private mutating func expect(_ outcome: ReleaseOutcome, _ expected: ReleaseOutcome, _ what: String) {
        if outcome != expected { fail("\(what) answered \(outcome); expected \(expected)") }
    }

    private mutating func fail(_ problem: String) {
        if !failed {
            Issue.record("seed \(seed): \(problem)\nrecent steps:\n\(recent.joined(separator: "\n"))")
        }
        failed = true
    }

    // MARK: Draining

    /// Finishes all work (as a final `resume` plus workers that only succeed), then checks the end state.
    mutating func drainAndCheck() async throws {
        guard !failed else { return }
        try await resume(model.ids { $0.place != .done }, label: "final resume")
        try await verify(after: "final resume", pending: [])
        for round in 1...2_000 {
            for worker in Self.workerIDs {
                for claim in claims[worker] ?? [] {
                    let held = model.holds(claim)
                    expect(try await queue.ack(claim), held ? .done : .notHeld, "drain ack of \(claim.id)")
                    if held {
                        model.chunks[claim.id]!.place = .done
                        model.chunks[claim.id]!.acks += 1
                    }
                }
                claims[worker] = []
            }
            var pending: [(RedisTime) -> String?] = []
            _ = try await promoteStep(&pending)
            _ = try await reapStep(&pending)
            while let chunk = try await queue.claim(worker: "drainer", clientID: 99, lease: .seconds(30)) {
                guard let known = model.chunks[chunk.id], known.place == .ready || known.place.isDelayed else {
                    fail("drain claimed \(chunk.id), which the model has as \(model.placeName(chunk.id))")
                    return
                }
                expect(try await queue.ack(chunk), .done, "drain ack of \(chunk.id)")
                model.chunks[chunk.id]!.place = .done
                model.chunks[chunk.id]!.acks += 1
            }
            try await verify(after: "drain round \(round)", pending: pending)
            if failed { return }
            if snapshot.ready.isEmpty && snapshot.delayed.isEmpty && snapshot.inFlight.isEmpty { break }
            try await Task.sleep(for: .milliseconds(2))
        }
        #expect(snapshot.ready.isEmpty && snapshot.delayed.isEmpty && snapshot.inFlight.isEmpty, "the drain ended")
        var done = 0
        var dead = 0
        for (id, chunk) in model.chunks {
            switch (chunk.place, snapshot.state(of: id)) {
            case (.done, .done?) where chunk.acks == 1:
                done += 1
            case (.dead, .dead?) where chunk.acks == 0 && snapshot.dead[id] != nil:
                dead += 1
            default:
                Issue.record("seed \(seed): \(id) ended \(chunk.place) with \(chunk.acks) acks")
            }
        }
        #expect(done + dead == Self.chunkCount)
        let events = [
            // A claim that promotes and takes a chunk in one step is rare here; ClaimTests covers it directly.
            "claim", "ack", "ack refused", "fail → delayed", "fail → dead",
            "fail → cancelled", "extend", "extend lost", "extend of a cancelled chunk", "requeue → ready",
            "requeue → delayed", "requeue → cancelled", "reap → ready", "reap → dead", "promote", "retried", "purge",
            "cancel removed", "cancel flagged", "resume re-added", "resume of a done chunk",
        ]
        if ProcessInfo.processInfo.environment["WORKQUEUE_PROPERTY_VERBOSE"] != nil {
            print("seed \(seed): \(done) done, \(dead) dead; \(tally.sorted { $0.key < $1.key })")
        }
        for event in events {
            #expect(tally[event, default: 0] > 0, "seed \(seed) never exercised '\(event)'")
        }
        #expect(done > Self.chunkCount / 2, "most chunks should succeed; \(done) done, \(dead) dead")
        #expect(dead > 0, "some chunks should end dead-lettered")
    }
}

extension PlacementModel.Place {
    /// The place without its details, for tallies.
    var kind: String {
        switch self {
        case .delayed: "delayed"
        case .inFlight: "inflight"
        default: description
        }
    }

    var isDelayed: Bool {
        if case .delayed = self { return true }
        return false
    }
}
