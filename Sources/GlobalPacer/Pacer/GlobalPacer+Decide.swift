import BlockingIO
import Logging
import RedisKit

extension GlobalPacer {
    /// Judges one request and, if every rule that applies allows it, records it and grants a permit.
    ///
    /// One script call: the check and the recording happen atomically on Redis's clock. On a wait nothing is
    /// recorded; ask again after the wait (another worker may have taken the slot meanwhile).
    ///
    /// - Parameter request: the request about to be sent.
    /// A go holds the request in the windows at its send deadline: once the request is written, call
    /// ``markSent(_:)``; if it never is, ``returnUnsent(_:)``.
    ///
    /// Each call checks the script's reading of Redis's clock (``FleetClockWatch``). After a forward step, a go is
    /// returned unsent, the step is held back for the whole fleet, and the request is judged again; a script that
    /// found its clock past this worker's ceiling judged nothing, and is asked again.
    ///
    /// - Returns: ``PacerDecision/go(_:)`` with a permit to release when IB has answered, or
    ///   ``PacerDecision/wait(_:rule:)`` with the time until the blocking rule frees a slot.
    /// - Throws: ``PacerError``: `.invalidArgument` for an exchange or whatToShow containing `|`, `.redis` (also
    ///   when the clock stepped forward in every attempt), `.unexpectedReply`.
    public func decide(_ request: PacedRequest) async throws(PacerError) -> PacerDecision {
        guard !request.exchange.contains("|"), !request.whatToShow.contains("|") else {
            throw PacerError(.invalidArgument, "A paced request's exchange and whatToShow must not contain '|'.")
        }
        for attempt in 1...Self.judgementAttempts {
            // The last attempt judges without the clock ceiling: a machine too busy to reach Redis within the
            // allowance still gets an answer, and the check of the reply still catches a step.
            switch try await judge(request, guarded: attempt < Self.judgementAttempts) {
            case .decided(let decision, nil):
                return decision
            case .decided(let decision, let step?):
                // Judged on a clock that had stepped forward: not trusted. Judged again on the clock held back.
                if let permit = decision.permit { try await returnUnsent(permit) }
                try await holdBackClock(step)
            case .clockAhead(let step):
                // Nothing judged. A step is held back; a slow call only needs asking again.
                if let step { try await holdBackClock(step) }
            }
        }
        throw PacerError(.redis, "Redis's clock stepped forward during every judgement; nothing was granted.")
    }

    /// How many times ``decide(_:)`` runs the script before giving up on a clock that keeps stepping.
    static let judgementAttempts = 6

    /// One run of the decide script.
    ///
    /// - Parameter guarded: whether to pass the clock ceiling, so that a script on a clock that stepped forward
    ///   judges (and trims) nothing.
    private func judge(_ request: PacedRequest, guarded: Bool) async throws(PacerError) -> Judgement {
        let rules = configuration.rules(for: request)
        let weight = configuration.weight(of: request)
        let token = Self.makeToken()
        let c = configuration
        let ruleList = Self.ruleList(rules)
        var arguments: [any RedisArgument] = [
            token, weight, ruleList, request.identity,
            c.windowMilliseconds(c.rollingWindow), c.rollingLimit,
            c.windowMilliseconds(c.perContractWindow), c.perContractLimit,
            c.windowMilliseconds(c.identicalWindow),
            c.maxOpenRequests, c.openRequestLease.milliseconds, c.openRequestPollInterval.milliseconds,
            c.windowMilliseconds(c.messageWindow), c.messageLimit,
            c.windowMilliseconds(c.largeBars.rateWindow),
        ]
        arguments += adaptiveArguments
        arguments.append(c.sendDeadline.milliseconds)
        // Counted from before the call, so the local deadline cannot fall after the one Redis records.
        let asked = ContinuousClock.now
        let ceiling = guarded ? clockMonitor.ceiling(asked: asked, allowance: clockAllowance) : nil
        arguments.append(ceiling ?? -1)
        let contractKey = keys.perContract(
            contractKey: request.contractKey,
            exchange: request.exchange,
            whatToShow: request.whatToShow
        )
        let reply = try await runOnFleetClock(
            PacerScript.decide,
            keys: [
                keys.rolling, contractKey, keys.identical, keys.open, keys.messages, keys.cooldown, keys.largeBars,
                keys.adaptive,
            ],
            arguments: arguments
        )
        let received = ContinuousClock.now
        let parts = try reply.elements()
        let verdict = try parts.element(0).number()
        if verdict == 2 {
            let step = try clockStep(now: parts.element(1).number(), offset: parts.element(2).number(), asked, received)
            logger.debug("Pacer's clock read past its ceiling", metadata: ["stepped": "\(step != nil)"])
            return .clockAhead(step)
        }
        if verdict == 0 {
            let ruleName = try parts.element(1).text()
            guard let rule = PacerRule(rawValue: ruleName) else {
                throw PacerError(.unexpectedReply, "Script \(reply.script) named an unknown rule '\(ruleName)'.")
            }
            let wait = try parts.element(2).number()
            let step = try clockStep(now: parts.element(3).number(), offset: parts.element(4).number(), asked, received)
            logger.trace("Pacer says wait", metadata: ["rule": "\(rule)", "ms": "\(wait)"])
            return .decided(.wait(.milliseconds(wait), rule: rule), step)
        }
        let grantedAt = try parts.element(1).number()
        let deadline = try parts.element(2).number()
        let recorded = try parts.element(3).text()
            .split(separator: ",")
            .compactMap { PacerRule(rawValue: String($0)) }
        let sendDeadline = try parts.element(4).number()
        let step = try clockStep(now: grantedAt, offset: parts.element(5).number(), asked, received)
        logger.trace("Pacer says go", metadata: ["token": "\(token)"])
        let permit = PacerPermit(
            token: token,
            gateway: gateway,
            grantedAt: grantedAt,
            leaseDeadline: deadline,
            recorded: Set(recorded),
            weight: weight,
            request: request,
            sendDeadline: sendDeadline,
            sendBy: asked + c.sendDeadline
        )
        return .decided(.go(permit), step)
    }

    /// Waits until `request` may be sent, then returns its permit.
    ///
    /// Loops ``decide(_:)`` and sleeps for each wait it answers, so a worker sleeps exactly until the blocking
    /// window frees a slot rather than spinning.
    ///
    /// - Parameter request: the request about to be sent.
    /// - Returns: a permit; release it with ``release(_:)`` when IB has answered.
    /// - Throws: `CancellationError` if the task is cancelled while waiting (nothing is then recorded), or
    ///   ``PacerError``.
    public func acquire(_ request: PacedRequest) async throws -> PacerPermit {
        while true {
            try Task.checkCancellation()
            switch try await decide(request) {
            case .go(let permit):
                return permit
            case .wait(let pause, let rule):
                logger.debug("Waiting for the pacer", metadata: ["rule": "\(rule)", "wait": "\(pause)"])
                try await Task.sleep(for: pause)
            }
        }
    }

    /// Rules as the scripts take them: `,rule,rule,`, in a fixed order.
    static func ruleList(_ rules: Set<PacerRule>) -> String {
        "," + PacerRule.allCases.filter(rules.contains).map(\.rawValue).joined(separator: ",") + ","
    }

    /// A random 128-bit token in hex: unique per permit without a round trip or a counter key to expire.
    static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return [generator.next(), generator.next()].map { (value: UInt64) in
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }
}
