import BlockingIO
import RedisKit

extension GlobalPacer {
    /// Records that a permit's request has been written to the gateway's socket, now.
    ///
    /// Until this call the windows hold the permit at its send deadline; from now on at the moment it was written,
    /// which is when IB starts counting it (plus the network's delay, which ``PacerConfiguration/windowMargin``
    /// covers). Call it right after the write completes: the sooner, the sooner its slot can be reused when the
    /// window moves on. Calling it late is safe (the windows then hold the request a little longer than IB does).
    ///
    /// - Parameter permit: a permit of this gateway whose request was written.
    /// - Returns: the send time now recorded (Redis clock, ms).
    /// - Throws: ``PacerError``; after a failure the permit stays at its deadline, which is safe.
    @discardableResult
    public func markSent(_ permit: PacerPermit) async throws(PacerError) -> Int64 {
        try check(permit)
        let c = configuration
        let reply = try await runOnFleetClock(
            PacerScript.sent,
            keys: sendKeys(permit),
            arguments: sendArguments(permit) + [
                c.windowMilliseconds(c.rollingWindow), c.windowMilliseconds(c.perContractWindow),
                c.windowMilliseconds(c.identicalWindow), c.windowMilliseconds(c.messageWindow),
                c.windowMilliseconds(c.largeBars.rateWindow),
            ]
        )
        return try reply.number()
    }

    /// Gives back a permit whose request was never written: it leaves every window and frees its open slot.
    ///
    /// Only for a request none of whose bytes left this process (the connection refused it before writing, or its
    /// ``PacerPermit/sendBy`` passed first). A request that may have reached the gateway must stay counted:
    /// ``release(_:)`` it instead.
    ///
    /// - Parameter permit: a permit of this gateway whose request was not sent.
    /// - Returns: whether the permit still held its open-request slot.
    /// - Throws: ``PacerError``; after a failure the permit's entries leave the windows with time, and its slot
    ///   with its lease.
    @discardableResult
    public func returnUnsent(_ permit: PacerPermit) async throws(PacerError) -> Bool {
        try check(permit)
        let reply = try await runOnFleetClock(
            PacerScript.unsent,
            keys: sendKeys(permit) + [keys.open],
            arguments: sendArguments(permit)
        )
        return try reply.number() == 1
    }

    /// The windows a permit may be recorded in: rolling, per-contract, identical, messages, large-bar.
    private func sendKeys(_ permit: PacerPermit) -> [String] {
        let request = permit.request
        return [
            keys.rolling,
            keys.perContract(
                contractKey: request.contractKey,
                exchange: request.exchange,
                whatToShow: request.whatToShow
            ),
            keys.identical, keys.messages, keys.largeBars,
        ]
    }

    private func sendArguments(_ permit: PacerPermit) -> [any RedisArgument] {
        [permit.token, permit.weight, Self.ruleList(permit.recorded), permit.request.identity, permit.sendDeadline]
    }
}
