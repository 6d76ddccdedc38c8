import Foundation
import Logging
import Synchronization
import TWSProtocol

/// One simulated IB Gateway: the state all its client sessions share (client ids, IB's pacing counters, the
/// audit log) and the answers to requests.
final class SimulatorGateway: Sendable {
    let configuration: SimulatorConfiguration
    let pacingConfiguration: PacingConfiguration
    let faults: SimulatorFaults
    let auditLog: AuditLog
    let universe: InstrumentUniverse
    let clock: SimulatorClock
    let logger: Logger
    let state: Mutex<SimulatorGatewayState>
    let frames = FrameRecorder()

    init(
        configuration: SimulatorConfiguration,
        pacing: PacingConfiguration,
        faults: SimulatorFaults,
        auditLog: AuditLog,
        logger: Logger
    ) {
        self.configuration = configuration
        self.clock = SimulatorClock(market: configuration.marketClock)
        self.pacingConfiguration = pacing
        self.faults = faults
        self.auditLog = auditLog
        self.universe = InstrumentUniverse.standard.addingStocks(configuration.extraStocks)
        self.logger = logger
        self.state = Mutex(SimulatorGatewayState(pacing: pacing))
    }

    /// A new session number, and whether the drop-every-Nth-connection fault applies to it.
    func openSession() -> (session: UInt64, drop: Bool) {
        state.withLock { state in
            state.nextSession += 1
            state.connectionsAccepted += 1
            let drop = faults.dropEveryNthConnection.map { $0 > 0 && state.connectionsAccepted % $0 == 0 } ?? false
            return (state.nextSession, drop)
        }
    }

    func admit(clientID: Int, session: UInt64) -> SimulatorClientRegistry.Admission {
        state.withLock { $0.clients.admit(clientID: clientID, session: session, maximum: configuration.maximumClients) }
    }

    /// Frees the client id and every open request of the session's client.
    func release(clientID: Int, session: UInt64) {
        state.withLock { state in
            state.clients.release(clientID: clientID, session: session)
            _ = state.pacing.releaseClient(clientID)
        }
    }

    func audit(_ event: AuditEvent) {
        auditLog.record(event)
    }

    /// What a gateway sends after startApi: accounts, the next order id and the farm notices.
    func startupMessages() -> [TWSMessage] {
        let now = epochMilliseconds()
        var messages: [TWSMessage] = [
            .managedAccounts(configuration.accounts),
            .nextValidID(1),
        ]
        let farms: [(Int, String)] = [
            (2104, "Market data farm connection is OK:usfarm"),
            (2106, "HMDS data farm connection is OK:ushmds"),
            (2158, "Sec-def data farm connection is OK:secdefnj"),
        ]
        for (code, text) in farms {
            messages.append(.error(IBError(requestID: -1, code: code, message: text, errorTime: now)))
        }
        return messages
    }

    /// Checks a client message against the 50 messages per second limit.
    func admitMessage(clientID: Int) -> MessageRateLimiter.Verdict {
        let now = clock.now()
        return state.withLock { $0.pacing.admitMessage(from: clientID, now: now) }
    }

    /// Judges a historical request by IB's pacing rules (and records it when allowed).
    func pace(_ request: JudgedRequest) -> PacingVerdict {
        let now = clock.now()
        return state.withLock { $0.pacing.evaluate(request, now: now) }
    }

    /// Marks an allowed request answered or cancelled, freeing its open-request slot.
    @discardableResult
    func finish(_ identity: RequestIdentity, cancelled: Bool) -> Bool {
        state.withLock { cancelled ? $0.pacing.cancel(identity) : $0.pacing.finish(identity) }
    }
}
