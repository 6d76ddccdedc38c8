import TWSProtocol

/// Everything a connection knows, guarded by the connection's mutex.
///
/// Methods return the work to do after the lock is released (resuming continuations, writing, closing), so no
/// continuation is ever resumed while the lock is held.
struct TWSConnectionState {
    enum Phase {
        case awaitingVersion
        case awaitingReady
        case ready
        case closed(TWSClientError)
    }

    /// Work to do outside the lock.
    struct Effects {
        var resume: [@Sendable () -> Void] = []
        var send: [TWSRequest] = []
        var events: [TWSEvent] = []
        var close = false

        mutating func merge(_ other: Effects) {
            resume += other.resume
            send += other.send
            events += other.events
            close = close || other.close
        }
    }

    var phase = Phase.awaitingVersion
    var serverVersion = 0
    var connectionTime = ""
    var accounts: [String]?
    var nextValidOrderID: Int?
    var farmStatus = FarmStatus()
    var pending: [Int: PendingRequest] = [:]
    /// Requests whose task was cancelled before their continuation was registered.
    var cancelledBeforeRegistration = Set<Int>()
    /// Callers of `currentTime`, answered in order; each has an id so its timeout can remove it.
    var currentTimeWaiters: [(id: Int, continuation: CheckedContinuation<Int64, any Error>)] = []
    var nextTimeWaiterID = 1
    var nextRequestID = 1
    var handshakeResult: Result<Void, TWSClientError>?
    var handshakeWaiter: CheckedContinuation<Void, any Error>?

    var closedError: TWSClientError? {
        if case .closed(let error) = phase { return error }
        return nil
    }

    mutating func allocateRequestID() -> Int {
        defer { nextRequestID += 1 }
        return nextRequestID
    }

    /// Finishes the handshake once, waking whoever waits for it.
    mutating func finishHandshake(_ result: Result<Void, TWSClientError>) -> Effects {
        guard handshakeResult == nil else { return Effects() }
        handshakeResult = result
        var effects = Effects()
        if let waiter = handshakeWaiter {
            handshakeWaiter = nil
            effects.resume.append { waiter.resume(with: result.mapError { $0 as any Error }) }
        }
        return effects
    }

    /// Fails everything in flight and closes; later requests fail with `error` at once.
    mutating func shutDown(_ error: TWSClientError) -> Effects {
        if case .closed = phase { return Effects() }
        phase = .closed(error)
        var effects = finishHandshake(.failure(error))
        let pending = self.pending
        self.pending.removeAll()
        for request in pending.values { effects.resume.append { request.fail(error) } }
        let waiters = currentTimeWaiters
        currentTimeWaiters.removeAll()
        for waiter in waiters { effects.resume.append { waiter.continuation.resume(throwing: error) } }
        effects.events.append(.disconnected(error))
        effects.close = true
        return effects
    }

    /// Fails a `currentTime` caller that waited too long (nothing to send: the gateway answers in order).
    mutating func abandonTimeWaiter(_ id: Int, with error: TWSClientError) -> Effects {
        guard let index = currentTimeWaiters.firstIndex(where: { $0.id == id }) else { return Effects() }
        let waiter = currentTimeWaiters.remove(at: index)
        var effects = Effects()
        effects.resume.append { waiter.continuation.resume(throwing: error) }
        return effects
    }

    /// Removes a request that was never written (its send deadline passed), failing it; IB is told nothing.
    mutating func withdraw(_ requestID: Int, with error: TWSClientError) -> Effects {
        guard let request = pending.removeValue(forKey: requestID) else { return Effects() }
        var effects = Effects()
        effects.resume.append { request.fail(error) }
        return effects
    }

    /// Removes a request that timed out or was cancelled; says what to send to IB about it.
    mutating func abandon(_ requestID: Int, with error: TWSClientError) -> Effects {
        guard let request = pending.removeValue(forKey: requestID) else {
            cancelledBeforeRegistration.insert(requestID)
            return Effects()
        }
        var effects = Effects()
        effects.resume.append { request.fail(error) }
        if let cancel = request.cancelRequest(requestID) { effects.send.append(cancel) }
        return effects
    }
}
