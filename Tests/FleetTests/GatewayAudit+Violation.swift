import Foundation

extension GatewayAudit {
    /// What the gateway had seen when it first refused a request for pacing: the requests inside the broken rule's
    /// window (and one second before it, where the pacer's margin lives), as offsets in milliseconds from the
    /// refused one, with client id, request id and contract. A failure message with this tells a fleet that sent
    /// too early (its requests spread over the window, one too many) from a gateway that read them late (a burst
    /// judged within a few milliseconds of each other, after one of its event loops stalled).
    static func firstViolation(_ events: [[String: Any]], scale: Double) -> String {
        guard let rule = events.first(where: { $0["event"] as? String == "rule" }),
            let name = rule["rule"] as? String, let at = (rule["time"] as? String).flatMap(seconds)
        else { return "no rule broken" }
        let window: Double
        let sameContract: Bool
        switch name {
        case "per-contract-2s": (window, sameContract) = (2 * scale, true)
        case "identical-15s": (window, sameContract) = (15 * scale, true)
        default: (window, sameContract) = (600 * scale, false)
        }
        let refused = events.last { event in
            event["event"] as? String == "request" && event["clientId"] as? Int == rule["clientId"] as? Int
                && event["reqId"] as? Int == rule["reqId"] as? Int
                && (event["time"] as? String).flatMap(seconds).map { $0 <= at } == true
        }
        let key = refused.map(contractKey)
        let lines = events.compactMap { event -> String? in
            guard event["event"] as? String == "request", event["message"] as? String == "reqHistoricalData",
                let time = (event["time"] as? String).flatMap(seconds), time <= at, at - time < window + 1
            else { return nil }
            if sameContract, contractKey(event) != key { return nil }
            let offset = Int(((time - at) * 1000).rounded())
            let inside = at - time < window ? "" : " (before the window)"
            return "\(offset) ms \(requestName(event)) \(contractKey(event))\(inside)"
        }
        let stalls = events.compactMap { event -> String? in
            guard event["event"] as? String == "stall", let time = (event["time"] as? String).flatMap(seconds),
                abs(at - time) < window + 1
            else { return nil }
            return "\(event["milliseconds"] as? Int ?? -1) ms at \(Int(((time - at) * 1000).rounded())) ms"
        }
        return "\(name) broken at \(rule["time"] as? String ?? "?") by \(requestName(rule)), "
            + "window \(Int(window * 1000)) ms; requests seen: \(lines.joined(separator: "; ")); "
            + "the simulator's loops stalled: \(stalls.isEmpty ? "never" : stalls.joined(separator: ", "))"
    }

    /// `c<client id>/r<request id>`.
    private static func requestName(_ event: [String: Any]) -> String {
        "c\(event["clientId"] as? Int ?? -1)/r\(event["reqId"] as? Int ?? -1)"
    }

    /// The simulator's same-contract key: contract, exchange and whatToShow.
    private static func contractKey(_ event: [String: Any]) -> String {
        let parameters = event["parameters"] as? [String: String] ?? [:]
        return [parameters["symbol"], parameters["secType"], parameters["exchange"], parameters["whatToShow"]]
            .map { $0 ?? "" }.joined(separator: "/")
    }
}
