import GlobalPacer

extension PacedRequest {
    /// A 5-second-bar request (strict rules) with its own contract and identity unless told otherwise.
    static func small(
        _ number: Int,
        contract: String? = nil,
        whatToShow: String = "TRADES",
        identity: String? = nil
    ) -> PacedRequest {
        PacedRequest(
            kind: .historicalData(barSizeSeconds: 5),
            contractKey: contract ?? "contract-\(number)",
            exchange: "SMART",
            whatToShow: whatToShow,
            identity: identity ?? "request-\(number)"
        )
    }

    /// A 1-minute-bar request (the large-bar profile) with its own contract and identity unless told otherwise.
    static func large(
        _ number: Int,
        contract: String? = nil,
        whatToShow: String = "TRADES",
        identity: String? = nil
    ) -> PacedRequest {
        PacedRequest(
            kind: .historicalData(barSizeSeconds: 60),
            contractKey: contract ?? "contract-\(number)",
            exchange: "SMART",
            whatToShow: whatToShow,
            identity: identity ?? "large-\(number)"
        )
    }
}

extension PacerDecision {
    /// The wait and rule of a wait decision, nil for go.
    var waited: (duration: Duration, rule: PacerRule)? {
        if case .wait(let duration, let rule) = self { return (duration, rule) }
        return nil
    }
}

extension GlobalPacer {
    /// ``decide(_:)`` as a worker uses it: on go, the request is written at once and marked sent, so the windows
    /// hold it from now.
    func send(_ request: PacedRequest) async throws -> PacerDecision {
        let decision = try await decide(request)
        if let permit = decision.permit { try await markSent(permit) }
        return decision
    }
}
