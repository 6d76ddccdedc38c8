import BlockingIO
import GlobalPacer
import Synchronization
import TWSClient

/// Tells the pacer what the gateway will count for one permit: when its request was written, so the windows hold
/// the real send time, or that it never was, so the permit goes back whole.
///
/// ``deliver(_:)`` runs the request with the delivery's ``gate``. The connection reports the write from its event
/// loop, and the send time is recorded at once, while the answer is still on its way. When the request has ended
/// (answered, failed or thrown), ``finish()`` waits for that report and frees the permit's open-request slot, or
/// returns the whole permit if nothing was written.
final class PermitDelivery: Sendable {
    /// Permits one request may let lapse unsent (`.notSent`: a starved process missed the send deadline) before
    /// the caller gives up on it for now.
    static let attempts = 3

    let pacer: GlobalPacer
    let permit: PacerPermit

    private struct State {
        var outcome: SendGate.Outcome?
        var marking: Task<Void, Never>?
    }

    private let state = Mutex(State())
    /// Set when the connection reports the write's outcome.
    private let reported = OneShotSignal()

    init(pacer: GlobalPacer, permit: PacerPermit) {
        self.pacer = pacer
        self.permit = permit
    }

    /// Runs `send` with the ``gate`` and frees the permit when it ends, however it ends; its answer or error
    /// passes through.
    func deliver<Answer: Sendable>(_ send: (SendGate) async throws -> Answer) async throws -> Answer {
        do {
            let answer = try await send(gate)
            await finish()
            return answer
        } catch {
            await finish()
            throw error
        }
    }

    /// The gate for the request: no write after the permit's ``PacerPermit/sendBy``, and the outcome to us.
    var gate: SendGate {
        SendGate(deadline: permit.sendBy) { [self] outcome in settle(outcome) }
    }

    private func settle(_ outcome: SendGate.Outcome) {
        let pacer = pacer
        let permit = permit
        state.withLock { state in
            guard state.outcome == nil else { return }
            state.outcome = outcome
            // A failed write may still have reached the gateway: it counts as sent.
            if outcome != .notSent {
                state.marking = Task { _ = try? await pacer.markSent(permit) }
            }
        }
        reported.trigger()
    }

    /// Waits for the write's outcome (normally known already) and frees the permit: its open-request slot when the
    /// request was written, everything when it was not.
    ///
    /// - Returns: the outcome, or nil if the connection never reported one within a few seconds (the permit is
    ///   then treated as sent: its slot is freed and the windows keep it at its send deadline, the safe side).
    @discardableResult
    func finish() async -> SendGate.Outcome? {
        _ = await reported.wait(until: .now + .seconds(5))
        let (outcome, marking) = state.withLock { ($0.outcome, $0.marking) }
        await marking?.value
        if await !free(unsent: outcome == .notSent) {
            // Redis did not answer: the slot would stay taken until its lease runs out (minutes), stalling the
            // fleet once Redis is back. Keep trying in the background instead; a release is idempotent.
            Task { [self] in await keepFreeing(unsent: outcome == .notSent) }
        }
        return outcome
    }

    /// Frees the permit in Redis: the open slot, or the whole permit when its request was never written.
    ///
    /// - Returns: whether Redis answered.
    private func free(unsent: Bool) async -> Bool {
        do {
            if unsent {
                try await pacer.returnUnsent(permit)
            } else {
                try await pacer.release(permit)
            }
            return true
        } catch {
            return false
        }
    }

    /// Retries ``free(unsent:)`` with backoff (0.25 s doubling to 2 s) until Redis answers, or until the lease
    /// would have freed the slot anyway.
    private func keepFreeing(unsent: Bool) async {
        let giveUp = ContinuousClock.now + pacer.configuration.openRequestLease
        var pause = Duration.milliseconds(250)
        while ContinuousClock.now < giveUp {
            try? await Task.sleep(for: pause)
            if await free(unsent: unsent) { return }
            pause = min(pause * 2, .seconds(2))
        }
    }
}
