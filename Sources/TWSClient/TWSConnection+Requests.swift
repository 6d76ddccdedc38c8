import BlockingIO
import NIOCore
import Synchronization
import TWSProtocol

extension TWSConnection {
    /// Historical bars for one request (reqHistoricalData with formatDate 2: epoch seconds, UTC).
    ///
    /// - Parameters:
    ///   - endDateTime: `yyyyMMdd-HH:mm:ss` in UTC, or empty for now.
    ///   - duration: e.g. `1 W`.
    ///   - barSize: an exact IB bar size string, e.g. `1 min`.
    ///   - gate: when given, the request is written only before its deadline and the gate hears what became of it
    ///     (a pacer's permit).
    /// - Throws: ``TWSClientError``; `.ib` carries IB's error and its classification.
    public func historicalBars(
        contract: Contract,
        endDateTime: String,
        duration: String,
        barSize: String,
        whatToShow: String = "TRADES",
        useRTH: Bool,
        timeout: Duration? = nil,
        gate: SendGate? = nil
    ) async throws -> HistoricalBars {
        try await request(timeout: timeout, gate: gate) { id in
            .historicalData(
                HistoricalDataRequest(
                    requestID: id,
                    contract: contract,
                    endDateTime: endDateTime,
                    barSize: barSize,
                    duration: duration,
                    useRTH: useRTH,
                    whatToShow: whatToShow
                )
            )
        } register: { continuation in
            .bars(continuation, [])
        }
    }

    /// The earliest data IB has for a contract and what-to-show, as epoch seconds text (formatDate 2).
    ///
    /// `gate`: as for ``historicalBars(contract:endDateTime:duration:barSize:whatToShow:useRTH:timeout:gate:)``.
    public func headTimestamp(
        contract: Contract,
        whatToShow: String = "TRADES",
        useRTH: Bool,
        timeout: Duration? = nil,
        gate: SendGate? = nil
    ) async throws -> String {
        try await request(timeout: timeout, gate: gate) { id in
            .headTimestamp(requestID: id, contract: contract, useRTH: useRTH, whatToShow: whatToShow, formatDate: 2)
        } register: { continuation in
            .headTimestamp(continuation)
        }
    }

    /// Every contract matching `contract` (more than one means it is ambiguous).
    public func contractDetails(_ contract: Contract, timeout: Duration? = nil) async throws -> [ContractDetails] {
        try await request(timeout: timeout) { id in
            .contractDetails(requestID: id, contract: contract)
        } register: { continuation in
            .contractDetails(continuation, [])
        }
    }

    /// Up to 1000 historical ticks starting at `startDateTime` or ending at `endDateTime` (set exactly one).
    public func historicalTicks(
        contract: Contract,
        startDateTime: String = "",
        endDateTime: String = "",
        count: Int = 1000,
        whatToShow: String = "TRADES",
        useRTH: Bool,
        timeout: Duration? = nil,
        gate: SendGate? = nil
    ) async throws -> [HistoricalTick] {
        try await request(timeout: timeout, gate: gate) { id in
            .historicalTicks(
                HistoricalTicksRequest(
                    requestID: id,
                    contract: contract,
                    startDateTime: startDateTime,
                    endDateTime: endDateTime,
                    numberOfTicks: count,
                    whatToShow: whatToShow,
                    useRTH: useRTH,
                    ignoreSize: false
                )
            )
        } register: { continuation in
            .ticks(continuation, [])
        }
    }

    /// The gateway's clock, epoch seconds.
    ///
    /// - Parameter timeout: how long to wait for the answer (``TWSClientConfiguration/requestTimeout`` when nil);
    ///   past it the call throws `.requestTimedOut`, so a gateway that never answers cannot hang the caller.
    public func currentTime(timeout: Duration? = nil) async throws -> Int64 {
        let core = self.core
        let channel = self.channel
        let limit = timeout ?? configuration.requestTimeout
        let id = core.state.withLock { state -> Int in
            defer { state.nextTimeWaiterID += 1 }
            return state.nextTimeWaiterID
        }
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(limit.nanoseconds)) {
            core.update(on: channel) {
                $0.abandonTimeWaiter(
                    id,
                    with: TWSClientError(.requestTimedOut, "The gateway did not answer reqCurrentTime within \(limit).")
                )
            }
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int64, any Error>) in
            let (error, version) = core.state.withLock { state -> (TWSClientError?, Int) in
                if let error = state.closedError { return (error, 0) }
                state.currentTimeWaiters.append((id, continuation))
                return (nil, state.serverVersion)
            }
            if let error {
                continuation.resume(throwing: error)
                return
            }
            core.write(.currentTime, serverVersion: version, on: channel)
        }
    }

    /// Sends one request and waits for its answer, with a timeout and task cancellation that both cancel it at
    /// the gateway. With a gate, the write waits for nothing but is skipped once the gate's deadline has passed.
    private func request<Answer: Sendable>(
        timeout: Duration?,
        gate: SendGate? = nil,
        _ makeRequest: (Int) -> TWSRequest,
        register: @escaping @Sendable (CheckedContinuation<Answer, any Error>) -> PendingRequest
    ) async throws -> Answer {
        let requestID = core.state.withLock { $0.allocateRequestID() }
        let request = makeRequest(requestID)
        let core = self.core
        let channel = self.channel
        let limit = timeout ?? configuration.requestTimeout
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(limit.nanoseconds)) {
            core.update(on: channel) {
                $0.abandon(
                    requestID,
                    with: TWSClientError(
                        .requestTimedOut,
                        "Request \(requestID) got no complete answer within \(limit); cancelled."
                    )
                )
            }
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Answer, any Error>) in
                let outcome = core.state.withLock { state -> (TWSClientError?, Int) in
                    if let error = state.closedError { return (error, 0) }
                    if state.cancelledBeforeRegistration.remove(requestID) != nil {
                        return (TWSClientError(.cancelled, "Request \(requestID) was cancelled."), 0)
                    }
                    state.pending[requestID] = register(continuation)
                    return (nil, state.serverVersion)
                }
                if let error = outcome.0 {
                    gate?.report(.notSent)
                    continuation.resume(throwing: error)
                    return
                }
                guard let gate else {
                    core.write(request, serverVersion: outcome.1, on: channel)
                    return
                }
                core.write(request, serverVersion: outcome.1, on: channel, gate: gate) {
                    core.update(on: channel) {
                        $0.withdraw(
                            requestID,
                            with: TWSClientError(
                                .notSent,
                                "Request \(requestID) was not sent: its send deadline passed before it could be written."
                            )
                        )
                    }
                }
            }
        } onCancel: {
            core.update(on: channel) {
                $0.abandon(requestID, with: TWSClientError(.cancelled, "Request \(requestID) was cancelled."))
            }
        }
    }
}
