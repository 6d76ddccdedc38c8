import GlobalPacer
import Logging
import TWSClient
import TWSProtocol

extension HeadTimestampResolver {
    /// What one contract's request came to.
    private enum Answer {
        /// IB's head timestamp, or nil for "no data".
        case answered(Int64?)
        /// IB refused this contract; go on with the next.
        case failed(String)
        /// Stop asking: the connection, the pacer or the task ended; this contract was not answered.
        case stop(String)
    }

    /// Why no permit was asked for or granted, as the error a ``PacedSend`` permit closure throws.
    private struct Stopped: Error {
        let reason: String
    }

    /// A pacer permit, or why asking stops.
    private enum Permit {
        case granted(PacerPermit)
        case stop(String)
    }

    /// Asks the gateway for each contract's head timestamp over one connection.
    ///
    /// - Returns: The answers (nil: IB has no data); refusals and contracts not asked go into `resolution`.
    func fetch(
        _ contracts: [Contract],
        from gateway: Gateway,
        whatToShow: String,
        useRTH: Bool,
        into resolution: inout HeadTimestampResolution
    ) async -> [Contract: Int64?] {
        // The worker's session, connecting once: a planner would rather plan without head timestamps than wait.
        let holder = HeldClientID()
        let session = GatewaySession(
            host: gateway.host,
            port: gateway.port,
            clientIDs: .leased(from: gateway.clientIDs, owner: configuration.owner, holder: holder),
            requestTimeout: configuration.requestTimeout,
            connectTimeout: configuration.connectTimeout,
            handshakeTimeout: configuration.handshakeTimeout,
            logger: logger
        )
        let connection: TWSConnection
        do {
            connection = try await session.connectOnce(attempts: configuration.clientIDAttempts)
        } catch {
            resolution.gateway = Self.outcome(error)
            resolution.unchecked = contracts
            await session.close()
            return [:]
        }
        resolution.gateway = .asked
        var answers: [Contract: Int64?] = [:]
        var pacerWait = Duration.zero
        for (index, contract) in contracts.enumerated() {
            // The lease must outlive the connection, however long the pacer makes this take.
            var renewed = false
            if let lease = holder.current { renewed = (try? await gateway.clientIDs.renew(lease)) ?? false }
            let answer =
                renewed
                ? await ask(
                    contract,
                    whatToShow: whatToShow,
                    useRTH: useRTH,
                    connection: connection,
                    gateway: gateway,
                    pacerWait: &pacerWait
                ) : .stop("the client-id lease ran out")
            switch answer {
            case .answered(let head):
                answers[contract] = head
            case .failed(let reason):
                resolution.failed[contract] = reason
                logger.warning(
                    "IB gave no head timestamp; planning the instrument without one",
                    metadata: ["contract": "\(contract)", "whatToShow": "\(whatToShow)", "error": "\(reason)"]
                )
            case .stop(let reason):
                resolution.unchecked = Array(contracts[index...])
                logger.notice(
                    "Stopped asking for head timestamps; the rest are planned without one",
                    metadata: ["reason": "\(reason)", "notAsked": "\(contracts.count - index)"]
                )
            }
            if case .stop = answer { break }
        }
        await session.close()
        return answers
    }

    /// How a failed connect shows in the resolution.
    private static func outcome(_ failure: GatewayConnectFailure) -> HeadTimestampResolution.GatewayOutcome {
        switch failure {
        case .noClientID(let reason): .unavailable(reason)
        case .everyIDRefused: .unavailable("every client id tried is in use (326)")
        case .unreachable(let reason): .unreachable(reason)
        case .closed: .unavailable("cancelled")
        }
    }

    /// Paces and sends one request.
    private func ask(
        _ contract: Contract,
        whatToShow: String,
        useRTH: Bool,
        connection: TWSConnection,
        gateway: Gateway,
        pacerWait: inout Duration
    ) async -> Answer {
        let request = PacedRequest(
            kind: .headTimestamp,
            contractKey: contract.pacerKey,
            exchange: contract.exchange,
            whatToShow: whatToShow,
            identity: "head|\(contract.pacerKey)|\(whatToShow)|\(useRTH ? 1 : 0)"
        )
        // The client cancels the request at the gateway once answered, which closes IB's open-request slot; the
        // delivery then frees the pacer's.
        let sent = await PacedSend<String>.run(pacer: gateway.pacer, cancelledWhenAnswered: true) {
            switch await acquire(request, pacer: gateway.pacer, waited: &pacerWait) {
            case .granted(let permit): return permit
            case .stop(let reason): throw Stopped(reason: reason)
            }
        } send: { gate in
            try await connection.headTimestamp(
                contract: contract,
                whatToShow: whatToShow,
                useRTH: useRTH,
                timeout: configuration.requestTimeout,
                gate: gate
            )
        }
        let text: String
        switch sent {
        case .answered(let answer): text = answer
        case .noPermit(let error): return .stop((error as? Stopped)?.reason ?? "\(error)")
        case .failed(let error as TWSClientError): return await failure(error, pacer: gateway.pacer)
        case .failed(let error): return .stop("\(error)")
        case .lapsed: return .stop("the request kept missing its send deadline (a starved process)")
        }
        let trimmed = String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        if trimmed.isEmpty { return .answered(nil) }
        guard let seconds = Int64(trimmed) else { return .failed("unreadable head timestamp '\(trimmed.prefix(40))'") }
        return .answered(seconds)
    }

    /// What an error from IB means for this contract and the ones after it.
    private func failure(_ error: TWSClientError, pacer: GlobalPacer) async -> Answer {
        let code = error.ibError.map { "\($0.code) " } ?? ""
        let reason = code + (error.ibError?.message ?? error.message)
        switch error.classification {
        case .empty:
            return .answered(nil)
        case .pacing:
            if error.ibError?.code == 162 { _ = try? await pacer.reportPacingViolation() }
            return .stop("IB: \(reason)")
        case .connection:
            return .stop("connection: \(reason)")
        case .transient where error.code == .cancelled:
            return .stop("cancelled")
        case .transient where error.code == .requestTimedOut:
            // A gateway that does not answer one contract in time is unlikely to answer the next.
            return .stop("no answer within \(configuration.requestTimeout)")
        case .gatewayOutage:
            // A farm down: the next contract's lookup would fail the same way.
            return .stop("IB: \(reason)")
        case .permanent, .transient, .informational:
            return .failed(reason)
        }
    }

    /// The pacer's permit, waiting at most what is left of ``Configuration/pacerWaitLimit``.
    private func acquire(
        _ request: PacedRequest,
        pacer: GlobalPacer,
        waited: inout Duration
    ) async -> Permit {
        while true {
            if Task.isCancelled { return .stop("cancelled") }
            let decision: PacerDecision
            do {
                decision = try await pacer.decide(request)
            } catch {
                return .stop("pacer: \(error)")
            }
            switch decision {
            case .go(let permit):
                return .granted(permit)
            case .wait(let pause, let rule):
                guard waited + pause <= configuration.pacerWaitLimit else {
                    return .stop("the pacer asks to wait \(pause) (\(rule))")
                }
                waited += pause
                do {
                    try await Task.sleep(for: pause)
                } catch {
                    return .stop("cancelled")
                }
            }
        }
    }
}
