import TWSProtocol

extension TWSConnectionState {
    /// Applies one frame's fields from the gateway.
    mutating func receive(_ fields: TWSFields, clientID: Int) -> Effects {
        switch phase {
        case .closed:
            return Effects()
        case .awaitingVersion:
            // The official client waits for the first message with exactly two fields: version and time.
            guard fields.values.count == 2, let version = Int(fields.values[0]) else { return Effects() }
            serverVersion = version
            connectionTime = fields.values[1]
            guard version >= TWSServerVersion.minimumSupported, version <= TWSServerVersion.maximum else {
                return shutDown(
                    TWSClientError(
                        .unsupportedServerVersion,
                        "The gateway speaks TWS API version \(version); Backfill needs \(TWSServerVersion.minimumSupported)–\(TWSServerVersion.maximum) (TWS or IB Gateway 10.19 or newer)."
                    )
                )
            }
            phase = .awaitingReady
            var effects = Effects()
            effects.send.append(.startAPI(clientID: clientID, optionalCapabilities: ""))
            return effects
        case .awaitingReady, .ready:
            do {
                return dispatch(try TWSMessage(fields: fields, serverVersion: serverVersion), clientID: clientID)
            } catch {
                return shutDown(
                    TWSClientError(
                        .protocolViolation,
                        "The gateway sent a malformed message: \("\(error)".withoutFinalPeriod). Disconnected."
                    )
                )
            }
        }
    }

    private mutating func dispatch(_ message: TWSMessage, clientID: Int) -> Effects {
        switch message {
        case .managedAccounts(let list):
            accounts = list
            return checkReady()
        case .nextValidID(let id):
            nextValidOrderID = id
            return checkReady()
        case .error(let error):
            return handleError(error, clientID: clientID)
        case .historicalData(let requestID, let bars, let startAndEnd):
            guard case .bars(let continuation, let soFar)? = pending[requestID] else { return Effects() }
            let all = soFar + bars
            if let (start, end) = startAndEnd {
                // Before version 196 this message is the whole answer.
                pending[requestID] = nil
                return resuming { continuation.resume(returning: HistoricalBars(bars: all, start: start, end: end)) }
            }
            pending[requestID] = .bars(continuation, all)
            return Effects()
        case .historicalDataEnd(let requestID, let start, let end):
            guard case .bars(let continuation, let bars)? = pending.removeValue(forKey: requestID) else {
                return Effects()
            }
            return resuming { continuation.resume(returning: HistoricalBars(bars: bars, start: start, end: end)) }
        case .headTimestamp(let requestID, let timestamp):
            guard case .headTimestamp(let continuation)? = pending.removeValue(forKey: requestID) else {
                return Effects()
            }
            // IB counts a head-timestamp request as an open historical request until cancelHeadTimeStamp, even
            // after answering it (ib-protocol.md §4.1), so cancel it once the answer is in.
            var effects = resuming { continuation.resume(returning: timestamp) }
            effects.send.append(.cancelHeadTimestamp(requestID: requestID))
            return effects
        case .contractDetails(let requestID, let details):
            guard case .contractDetails(let continuation, let soFar)? = pending[requestID] else { return Effects() }
            pending[requestID] = .contractDetails(continuation, soFar + [details])
            return Effects()
        case .contractDetailsEnd(let requestID):
            guard case .contractDetails(let continuation, let all)? = pending.removeValue(forKey: requestID) else {
                return Effects()
            }
            return resuming { continuation.resume(returning: all) }
        case .historicalTicks(let requestID, _, let ticks, let done):
            guard case .ticks(let continuation, let soFar)? = pending[requestID] else { return Effects() }
            if done {
                pending[requestID] = nil
                return resuming { continuation.resume(returning: soFar + ticks) }
            }
            pending[requestID] = .ticks(continuation, soFar + ticks)
            return Effects()
        case .currentTime(let seconds):
            return resumeTimeWaiter(seconds)
        case .currentTimeInMillis(let milliseconds):
            return resumeTimeWaiter(milliseconds / 1000)
        case .endMarker, .other:
            return Effects()
        }
    }

    private mutating func checkReady() -> Effects {
        guard case .awaitingReady = phase, accounts != nil, nextValidOrderID != nil else { return Effects() }
        phase = .ready
        return finishHandshake(.success(()))
    }

    private mutating func handleError(_ error: IBError, clientID: Int) -> Effects {
        if let request = pending[error.requestID], error.classification != .informational {
            pending[error.requestID] = nil
            let failure = TWSClientError(.ib, "\(error)", ibError: error)
            return resuming { request.fail(failure) }
        }
        switch error.code {
        case 326:
            return shutDown(
                TWSClientError(
                    .clientIDInUse,
                    "Client id \(clientID) is already in use on this gateway; lease another id.",
                    ibError: error
                )
            )
        case 1300:
            return shutDown(
                TWSClientError(.connectionLost, "The gateway reset its socket port: \(error.message)", ibError: error)
            )
        case 1100:
            // IB itself is unreachable: nothing in flight will complete. Keep the socket; the gateway says 1101/1102
            // when it is back, and a worker pauses on farmStatus meanwhile.
            farmStatus.apply(error)
            var effects = Effects()
            let failure = TWSClientError(
                .connectionLost,
                "The gateway lost its connection to IB (1100).",
                ibError: error
            )
            for (_, request) in pending { effects.resume.append { request.fail(failure) } }
            pending.removeAll()
            effects.events.append(.notice(error))
            return effects
        default:
            farmStatus.apply(error)
            var effects = Effects()
            effects.events.append(.notice(error))
            return effects
        }
    }

    private mutating func resumeTimeWaiter(_ seconds: Int64) -> Effects {
        guard !currentTimeWaiters.isEmpty else { return Effects() }
        let waiter = currentTimeWaiters.removeFirst()
        return resuming { waiter.continuation.resume(returning: seconds) }
    }

    private func resuming(_ work: @escaping @Sendable () -> Void) -> Effects {
        var effects = Effects()
        effects.resume.append(work)
        return effects
    }
}
