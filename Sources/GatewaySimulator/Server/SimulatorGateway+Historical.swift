import Foundation
import Synchronization
import TWSProtocol

extension SimulatorGateway {
    /// reqHistoricalData: contract, validation, pacing, then bars (17, and 108 from version 196).
    func historicalData(_ request: HistoricalDataRequest, clientID: Int) -> SimulatorReply {
        let requestID = request.requestID
        let instrument: SimulatedInstrument
        switch resolve(request.contract, requestID: requestID) {
        case .rejected(let reply): return reply
        case .found(let found): instrument = found
        }
        var accepted: HistoricalRequestValidator.Accepted
        switch HistoricalRequestValidator.validate(request, now: clock.marketTime()) {
        case .failure(let rejected): return .error(requestID, rejected.code, rejected.text)
        case .success(let value): accepted = value
        }
        let oversize = configuration.maximumDurations[accepted.barSize.seconds].flatMap { maximum in
            accepted.window.end - accepted.window.start > maximum ? maximum : nil
        }
        if let outage = outageReply(requestID) { return outage }
        if let whatToShow = SimulatedWhatToShow(rawValue: request.whatToShow.uppercased()),
            !instrument.supports(whatToShow)
        {
            // IB has no trades for forex pairs or indices' quotes: the request cannot return data, ever.
            return .error(
                requestID,
                162,
                "Historical Market Data Service error message:No historical market data for \(instrument.symbol)/\(instrument.secType)@\(request.contract.exchange) \(request.whatToShow.uppercased())"
            )
        }
        let identity = RequestIdentity(clientId: clientID, reqId: requestID)
        let paced = JudgedRequest.historicalData(
            identity: identity,
            contractKey: "conId:\(instrument.conId)",
            exchange: request.contract.exchange,
            endDateTime: request.endDateTime,
            duration: request.duration,
            barSize: request.barSize,
            whatToShow: request.whatToShow,
            useRTH: request.useRTH,
            formatDate: request.formatDate
        )
        var reply: SimulatorReply
        switch judge(paced, clientID: clientID) {
        case .refused(let refusal): return refusal
        case .allowed(let latency):
            reply = SimulatorReply(delay: latency)
        }
        // Judged first: a stricter IB still counts the request it refuses against the pacing limits.
        if let maximum = oversize {
            audit(
                .faultInjected(
                    time: clock.wallTime(),
                    clientId: clientID,
                    fault: "oversize-\(configuration.oversizeAnswer.rawValue)",
                    details: ["reqId": "\(requestID)", "duration": request.duration, "barSize": request.barSize]
                )
            )
            switch configuration.oversizeAnswer {
            case .error:
                var refusal = SimulatorReply.error(
                    requestID,
                    162,
                    "Historical Market Data Service error message:Time length exceed max."
                )
                refusal.inFlight = identity  // frees the open-request slot the judgement took
                return refusal
            case .silence:
                // Nothing is sent, and the open-request slot is freed at once: the client's timeout ends it.
                reply.inFlight = identity
                return reply
            case .truncate:
                accepted.window = HistoricalWindow(start: accepted.window.end - maximum, end: accepted.window.end)
            }
        }
        var messages: [TWSMessage] = []
        if accepted.implicitZoneWarning {
            messages.append(
                .error(
                    IBError(
                        requestID: requestID,
                        code: 2174,
                        message: HistoricalRequestValidator.implicitZoneWarningText,
                        errorTime: epochMilliseconds()
                    )
                )
            )
        }
        reply.messages = messages
        reply.inFlight = identity
        let served = accepted
        reply.later = { [self] in barMessages(instrument, request, served) }
        return reply
    }

    /// The answer to an accepted reqHistoricalData: its bars (17, then 108), or IB's "no data" 162.
    private func barMessages(
        _ instrument: SimulatedInstrument,
        _ request: HistoricalDataRequest,
        _ accepted: HistoricalRequestValidator.Accepted
    ) -> [TWSMessage] {
        let requestID = request.requestID
        let bars = simulatedBars(instrument, request, accepted)
        if bars.isEmpty {
            let label = request.whatToShow.uppercased() == "TRADES" ? "Trades" : request.whatToShow.capitalized
            return [
                .error(
                    IBError(
                        requestID: requestID,
                        code: 162,
                        message:
                            "Historical Market Data Service error message:HMDS query returned no data: \(instrument.symbol)@\(request.contract.exchange) \(label)",
                        errorTime: epochMilliseconds()
                    )
                )
            ]
        }
        let start = HistoricalBarText.windowText(accepted.window.start)
        let end = HistoricalBarText.windowText(accepted.window.end)
        return [
            .historicalData(requestID: requestID, bars: bars, startAndEnd: (start, end)),
            .historicalDataEnd(requestID: requestID, start: start, end: end),
        ]
    }

    private func simulatedBars(
        _ instrument: SimulatedInstrument,
        _ request: HistoricalDataRequest,
        _ accepted: HistoricalRequestValidator.Accepted
    ) -> [Bar] {
        guard let whatToShow = SimulatedWhatToShow(rawValue: request.whatToShow.uppercased())
        else { return [] }
        // IB keeps bars of 30 seconds or less for six months only.
        let now = clock.marketTime()
        var from = max(accepted.window.start, instrument.headTimestamp)
        if accepted.barSize.seconds <= 30 { from = max(from, now - 183 * 86400) }
        let to = min(accepted.window.end, now)
        guard from < to else { return [] }
        let halts = faults.halts[instrument.symbol.uppercased()] ?? []
        return BarGenerator().bars(
            instrument: instrument,
            barSize: accepted.barSize,
            whatToShow: whatToShow,
            useRTH: request.useRTH,
            from: from,
            to: to
        ).filter { bar in
            !halts.contains { $0.contains(bar.start) }
        }.map { bar in
            let isPreliminary = preliminaryAge(accepted.barSize).map { bar.start + $0 >= now } ?? false
            return HistoricalBarText.bar(
                isPreliminary ? bar.preliminary : bar,
                daily: accepted.barSize.isDaily,
                formatDate: request.formatDate,
                timeZone: instrument.timeZoneId
            )
        }
    }

    /// reqHeadTimeStamp: judged by the small-bar pacing rules and open until cancelled (ib-protocol.md §4.1).
    func headTimestamp(
        _ requestID: Int,
        _ contract: Contract,
        useRTH: Bool,
        whatToShow: String,
        formatDate: Int,
        clientID: Int
    ) -> SimulatorReply {
        let instrument: SimulatedInstrument
        switch resolve(contract, requestID: requestID) {
        case .rejected(let reply): return reply
        case .found(let found): instrument = found
        }
        if let outage = outageReply(requestID) { return outage }
        let paced = JudgedRequest.headTimestamp(
            identity: RequestIdentity(clientId: clientID, reqId: requestID),
            contractKey: "conId:\(instrument.conId)",
            exchange: contract.exchange,
            whatToShow: whatToShow,
            useRTH: useRTH,
            formatDate: formatDate
        )
        switch judge(paced, clientID: clientID) {
        case .refused(let refusal): return refusal
        case .allowed(let latency):
            let text =
                formatDate == 2 ? "\(instrument.headTimestamp)" : HistoricalBarText.windowText(instrument.headTimestamp)
            return SimulatorReply(messages: [.headTimestamp(requestID: requestID, timestamp: text)], delay: latency)
        }
    }

    /// reqHistoricalTicks: up to `numberOfTicks` (at most 1000) from the start or back from the end.
    func historicalTicks(_ request: HistoricalTicksRequest, clientID: Int) -> SimulatorReply {
        let requestID = request.requestID
        let instrument: SimulatedInstrument
        switch resolve(request.contract, requestID: requestID) {
        case .rejected(let reply): return reply
        case .found(let found): instrument = found
        }
        let kinds: [String: HistoricalTick.Kind] = ["TRADES": .trade, "MIDPOINT": .midpoint, "BID_ASK": .bidAsk]
        guard let kind = kinds[request.whatToShow.uppercased()],
            let whatToShow = SimulatedWhatToShow(rawValue: request.whatToShow.uppercased())
        else {
            return .error(
                requestID,
                321,
                "Error validating request.-'bM' : cause - Historical ticks support TRADES, MIDPOINT and BID_ASK only"
            )
        }
        let start = request.startDateTime.isEmpty ? nil : IBEndDateTime.parse(request.startDateTime)
        let end = request.endDateTime.isEmpty ? nil : IBEndDateTime.parse(request.endDateTime)
        guard (start == nil) != (end == nil), (1...1000).contains(request.numberOfTicks) else {
            return .error(
                requestID,
                321,
                "Error validating request.-'bM' : cause - Exactly one of start and end time must be set, with 1 to 1000 ticks"
            )
        }
        if let outage = outageReply(requestID) { return outage }
        guard instrument.supports(whatToShow) else {
            // The same answer as for bars of that type: there is none, ever.
            return .error(
                requestID,
                162,
                "Historical Market Data Service error message:No historical market data for \(instrument.symbol)/\(instrument.secType)@\(request.contract.exchange) \(request.whatToShow.uppercased())"
            )
        }
        let paced = JudgedRequest.historicalTicks(
            identity: RequestIdentity(clientId: clientID, reqId: requestID),
            contractKey: "conId:\(instrument.conId)",
            exchange: request.contract.exchange,
            startDateTime: request.startDateTime,
            endDateTime: request.endDateTime,
            numberOfTicks: request.numberOfTicks,
            whatToShow: request.whatToShow,
            useRTH: request.useRTH
        )
        switch judge(paced, clientID: clientID) {
        case .refused(let refusal): return refusal
        case .allowed(let latency):
            finish(RequestIdentity(clientId: clientID, reqId: requestID), cancelled: false)
            var reply = SimulatorReply(delay: latency)
            let generator = TickGenerator(pageRule: configuration.tickPageRule)
            reply.later = {
                let ticks = generator.ticks(
                    instrument: instrument,
                    whatToShow: whatToShow,
                    start: start.flatMap(\.seconds),
                    end: end.flatMap(\.seconds),
                    count: request.numberOfTicks,
                    useRTH: request.useRTH
                ).map { HistoricalBarText.tick($0, kind: kind) }
                return [.historicalTicks(requestID: requestID, kind: kind, ticks: ticks, done: true)]
            }
            return reply
        }
    }

    enum Judgement {
        case allowed(latency: Duration)
        case refused(SimulatorReply)
    }

    /// Applies IB's pacing to a request, auditing any rule it breaks.
    func judge(_ request: JudgedRequest, clientID: Int) -> Judgement {
        let verdict = pace(request)
        switch verdict {
        case .allowed(let latency):
            return .allowed(latency: .milliseconds(Int64((latency * 1000).rounded())))
        case .violation, .tooManyOpenRequests, .disconnect:
            let rule = verdict.brokenRule ?? .rollingWindow
            audit(.violation(of: rule, time: clock.wallTime(), clientId: clientID, reqId: request.reqId))
            if case .disconnect = verdict {
                // A flooding client is simply dropped, as TWS does; there is no error code for it.
                return .refused(SimulatorReply(disconnect: true))
            }
            return .refused(
                .error(request.reqId, rule.errorCode ?? 162, rule.errorMessage ?? PacingRule.pacingViolationText)
            )
        }
    }
}

extension IBEndDateTime.Parsed {
    var seconds: Int64? {
        switch self {
        case .now: nil
        case .utc(let value), .implicitZone(let value): value
        }
    }
}

extension SimulatorGateway {
    /// With `--revise-recent`, how long after its start a bar of this size is still preliminary: the window plus
    /// the bar's own length, so that a bar is revised only once it has ended and the window has passed.
    fileprivate func preliminaryAge(_ barSize: BarSizeSetting) -> Int64? {
        configuration.preliminaryWindow.map { $0 + Int64(barSize.seconds) }
    }
}
