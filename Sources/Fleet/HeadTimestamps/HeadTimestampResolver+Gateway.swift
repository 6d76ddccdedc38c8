import Foundation
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

    /// A connection with its client id, or why there is none.
    private enum Connected {
        case connected(TWSConnection, ClientIDLease)
        case failed(HeadTimestampResolution.GatewayOutcome)
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
        let connection: TWSConnection
        let lease: ClientIDLease
        switch await connect(gateway) {
        case .failed(let outcome):
            resolution.gateway = outcome
            resolution.unchecked = contracts
            return [:]
        case .connected(let open, let leased):
            (connection, lease) = (open, leased)
        }
        resolution.gateway = .asked
        var answers: [Contract: Int64?] = [:]
        var pacerWait = Duration.zero
        for (index, contract) in contracts.enumerated() {
            // The lease must outlive the connection, however long the pacer makes this take.
            let renewed = (try? await gateway.clientIDs.renew(lease)) ?? false
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
        await connection.close()
        do {
            try await gateway.clientIDs.release(lease)
        } catch {
            logger.debug("Cannot release the client id", metadata: ["error": "\(error)"])
        }
        return answers
    }

    /// Leases a client id and connects, leasing another on 326.
    private func connect(
        _ gateway: Gateway
    ) async -> Connected {
        var refused: Set<Int> = []
        for _ in 0..<max(configuration.clientIDAttempts, 1) {
            if Task.isCancelled { return .failed(.unavailable("cancelled")) }
            let lease: ClientIDLease
            do {
                guard let leased = try await gateway.clientIDs.acquire(owner: configuration.owner, excluding: refused)
                else {
                    return .failed(.unavailable("no free client id in the pool"))
                }
                lease = leased
            } catch {
                logger.debug("Cannot lease a client id", metadata: ["error": "\(error)"])
                return .failed(.unavailable("client-id pool not reachable"))
            }
            var settings = TWSClientConfiguration(host: gateway.host, port: gateway.port, clientID: lease.clientID)
            settings.connectTimeout = configuration.connectTimeout
            settings.handshakeTimeout = configuration.handshakeTimeout
            settings.requestTimeout = configuration.requestTimeout
            do {
                let connection = try await TWSConnection.connect(configuration: settings, logger: logger)
                logger.debug(
                    "Connected to ask for head timestamps",
                    metadata: ["gateway": "\(gateway.host):\(gateway.port)", "clientId": "\(lease.clientID)"]
                )
                return .connected(connection, lease)
            } catch let error as TWSClientError where error.code == .clientIDInUse {
                refused.insert(lease.clientID)
                _ = try? await gateway.clientIDs.release(lease)
                logger.debug("Client id in use (326); leasing another", metadata: ["clientId": "\(lease.clientID)"])
            } catch {
                _ = try? await gateway.clientIDs.release(lease)
                logger.debug("Gateway not reachable", metadata: ["error": "\(error)"])
                return .failed(.unreachable("\(error)"))
            }
        }
        return .failed(.unavailable("every client id tried is in use (326)"))
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
        var text: String?
        for _ in 1...PermitDelivery.attempts where text == nil {
            let permit: PacerPermit
            switch await acquire(request, pacer: gateway.pacer, waited: &pacerWait) {
            case .granted(let granted): permit = granted
            case .stop(let reason): return .stop(reason)
            }
            // The client cancels the request at the gateway once answered, which closes IB's open-request slot;
            // the delivery then frees the pacer's.
            do {
                text = try await PermitDelivery(pacer: gateway.pacer, permit: permit).deliver { gate in
                    try await connection.headTimestamp(
                        contract: contract,
                        whatToShow: whatToShow,
                        useRTH: useRTH,
                        timeout: configuration.requestTimeout,
                        gate: gate
                    )
                }
            } catch let error as TWSClientError {
                // Never written (the send deadline passed first): ask the pacer again.
                if error.code == .notSent { continue }
                return await failure(error, pacer: gateway.pacer)
            } catch {
                return .stop("\(error)")
            }
        }
        guard let text else { return .stop("the request kept missing its send deadline (a starved process)") }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
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
