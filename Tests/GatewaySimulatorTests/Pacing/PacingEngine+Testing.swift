import GatewaySimulator

extension JudgedRequest {
    /// A historical-data request for a stock, small bars (`5 secs`) and TRADES unless told otherwise.
    static func testBars(
        client: Int = 1,
        reqId: Int,
        symbol: String = "AAPL",
        exchange: String = "SMART",
        whatToShow: String = "TRADES",
        barSize: String = "5 secs",
        end: String = "20240105-21:00:00",
        useRTH: Bool = true
    ) -> JudgedRequest {
        .historicalData(
            identity: RequestIdentity(clientId: client, reqId: reqId),
            contractKey: contractKey(
                conId: 0,
                symbol: symbol,
                secType: "STK",
                exchange: exchange,
                currency: "USD",
                localSymbol: "",
                expiry: ""
            ),
            exchange: exchange,
            endDateTime: end,
            duration: "1800 S",
            barSize: barSize,
            whatToShow: whatToShow,
            useRTH: useRTH,
            formatDate: 2
        )
    }
}

extension PacingEngine {
    /// Evaluates `schedule` in order, finishing every allowed request as a server would once it has replied.
    ///
    /// - Returns: The index and verdict of the first refused request, or `nil` if all were allowed.
    mutating func firstRefusal(
        _ schedule: [(request: JudgedRequest, at: Double)]
    ) -> (index: Int, verdict: PacingVerdict)? {
        for (index, step) in schedule.enumerated() {
            let verdict = evaluate(step.request, now: step.at)
            guard verdict.isAllowed else { return (index, verdict) }
            finish(step.request.identity)
        }
        return nil
    }

    /// Evaluates one request and finishes it if allowed.
    mutating func evaluateAndFinish(_ request: JudgedRequest, now: Double) -> PacingVerdict {
        let verdict = evaluate(request, now: now)
        if verdict.isAllowed { finish(request.identity) }
        return verdict
    }
}
