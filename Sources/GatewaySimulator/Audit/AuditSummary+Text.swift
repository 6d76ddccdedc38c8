extension AuditSummary {
    /// A multi-line report for people, ending with a newline; names and client ids in ascending order.
    ///
    /// ```
    /// Audit summary: 5 events, 2024-01-05T21:00:00.000Z to 2024-01-05T21:00:16.000Z
    /// Requests: 2
    ///   reqHistoricalData: 2
    /// Rules broken: 1
    ///   identical-15s: 1
    /// Clients:
    ///   client 7: 2 requests, 1 rule broken
    /// Connections: 1 accepted, 0 rejected, 1 disconnected
    /// Faults injected: 0
    /// ```
    public var text: String {
        var lines: [String] = []
        if let firstTime, let lastTime {
            lines.append(
                "Audit summary: \(eventCount) events, \(AuditEvent.timestampText(firstTime)) to "
                    + AuditEvent.timestampText(lastTime)
            )
        } else {
            lines.append("Audit summary: \(eventCount) events")
        }
        lines.append("Requests: \(requestCount)")
        lines += Self.sortedCounts(requestsByMessage).map { "  \($0.key): \($0.value)" }
        lines.append("Rules broken: \(violationCount)")
        lines += Self.sortedCounts(violationsByRule).map { "  \($0.key): \($0.value)" }
        let clients = Set(requestsByClient.keys).union(violationsByClient.keys).sorted()
        if !clients.isEmpty {
            lines.append("Clients:")
            for clientId in clients {
                let requests = requestsByClient[clientId, default: 0]
                let violations = violationsByClient[clientId, default: 0]
                lines.append(
                    "  client \(clientId): \(requests) request\(requests == 1 ? "" : "s"), "
                        + "\(violations) rule\(violations == 1 ? "" : "s") broken"
                )
            }
        }
        lines.append(
            "Connections: \(connections) accepted, \(rejectedConnections) rejected, \(disconnections) disconnected"
        )
        lines.append("Faults injected: \(faultsByName.values.reduce(0, +))")
        lines += Self.sortedCounts(faultsByName).map { "  \($0.key): \($0.value)" }
        if longestStallMilliseconds > 0 { lines.append("Longest event-loop stall: \(longestStallMilliseconds) ms") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same numbers as one JSON object with sorted keys.
    ///
    /// Keys: `events`, `firstTime`/`lastTime` (left out when there are no events), `requests` and `rules`
    /// (name → count), `clients` (client id as a string → `{"requests", "violations"}`), `connections`
    /// (`accepted`, `rejected`, `disconnected`), `faults` (name → count) and `longestStallMilliseconds` (left out
    /// when no event loop stalled).
    public var jsonText: String {
        var object: [String: AuditEvent.JSONValue] = [
            "events": .int(eventCount),
            "requests": .object(requestsByMessage.mapValues(AuditEvent.JSONValue.int)),
            "rules": .object(violationsByRule.mapValues(AuditEvent.JSONValue.int)),
            "faults": .object(faultsByName.mapValues(AuditEvent.JSONValue.int)),
            "connections": .object([
                "accepted": .int(connections),
                "rejected": .int(rejectedConnections),
                "disconnected": .int(disconnections),
            ]),
        ]
        var clients: [String: AuditEvent.JSONValue] = [:]
        for clientId in Set(requestsByClient.keys).union(violationsByClient.keys) {
            clients[String(clientId)] = .object([
                "requests": .int(requestsByClient[clientId, default: 0]),
                "violations": .int(violationsByClient[clientId, default: 0]),
            ])
        }
        object["clients"] = .object(clients)
        if let firstTime { object["firstTime"] = .string(AuditEvent.timestampText(firstTime)) }
        if let lastTime { object["lastTime"] = .string(AuditEvent.timestampText(lastTime)) }
        if longestStallMilliseconds > 0 { object["longestStallMilliseconds"] = .int(longestStallMilliseconds) }
        return AuditEvent.JSONValue.object(object).encoded()
    }

    private static func sortedCounts(_ counts: [String: Int]) -> [(key: String, value: Int)] {
        counts.sorted { $0.key < $1.key }
    }
}
