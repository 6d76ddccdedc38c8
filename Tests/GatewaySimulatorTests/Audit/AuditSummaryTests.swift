import Foundation
import GatewaySimulator
import Testing

@Suite("Audit: the summary")
struct AuditSummaryTests {
    static func at(_ seconds: Double) -> Date {
        Date(timeIntervalSince1970: 1_704_488_400 + seconds)
    }

    static let events: [AuditEvent] = [
        .connected(time: at(0), clientId: 7),
        .clientIdInUse(time: at(1), clientId: 7),
        .request(time: at(2), clientId: 7, message: "reqHistoricalData", reqId: 1, parameters: [:]),
        .request(time: at(3), clientId: 7, message: "reqHistoricalData", reqId: 2, parameters: [:]),
        .violation(of: .identicalRequest, time: at(3), clientId: 7, reqId: 2),
        .request(time: at(4), clientId: 8, message: "reqHeadTimeStamp", reqId: 1, parameters: [:]),
        .violation(of: .messageRate, time: at(5), clientId: 8, reqId: nil),
        .faultInjected(time: at(6), clientId: nil, fault: "farm-down", details: [:]),
        // Out of order, as concurrent connections may record.
        .disconnected(time: at(-1), clientId: 8, reason: "client closed"),
    ]

    @Test func counts() {
        let summary = AuditSummary(events: Self.events)
        #expect(summary.eventCount == 9)
        #expect(summary.requestCount == 3)
        #expect(summary.requestsByMessage == ["reqHistoricalData": 2, "reqHeadTimeStamp": 1])
        #expect(summary.violationsByRule == ["identical-15s": 1, "message-rate-50s": 1])
        #expect(summary.violationCount == 2)
        #expect(summary.requestsByClient == [7: 2, 8: 1])
        #expect(summary.violationsByClient == [7: 1, 8: 1])
        #expect(summary.connections == 1)
        #expect(summary.rejectedConnections == 1)
        #expect(summary.disconnections == 1)
        #expect(summary.faultsByName == ["farm-down": 1])
        #expect(summary.firstTime == Self.at(-1))
        #expect(summary.lastTime == Self.at(6))
    }

    @Test func text() {
        let expected = """
            Audit summary: 9 events, 2024-01-05T20:59:59.000Z to 2024-01-05T21:00:06.000Z
            Requests: 3
              reqHeadTimeStamp: 1
              reqHistoricalData: 2
            Rules broken: 2
              identical-15s: 1
              message-rate-50s: 1
            Clients:
              client 7: 2 requests, 1 rule broken
              client 8: 1 request, 1 rule broken
            Connections: 1 accepted, 1 rejected, 1 disconnected
            Faults injected: 1
              farm-down: 1

            """
        #expect(AuditSummary(events: Self.events).text == expected)
        #expect(
            AuditSummary().text == "Audit summary: 0 events\nRequests: 0\nRules broken: 0\n"
                + "Connections: 0 accepted, 0 rejected, 0 disconnected\nFaults injected: 0\n"
        )
    }

    @Test func json() throws {
        let text = AuditSummary(events: Self.events).jsonText
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["events"] as? Int == 9)
        #expect(object["requests"] as? [String: Int] == ["reqHistoricalData": 2, "reqHeadTimeStamp": 1])
        #expect(object["rules"] as? [String: Int] == ["identical-15s": 1, "message-rate-50s": 1])
        #expect(object["connections"] as? [String: Int] == ["accepted": 1, "rejected": 1, "disconnected": 1])
        let clients = try #require(object["clients"] as? [String: [String: Int]])
        #expect(clients["7"] == ["requests": 2, "violations": 1])
        #expect(object["firstTime"] as? String == "2024-01-05T20:59:59.000Z")
        #expect(text.hasPrefix(#"{"clients":"#))
        let empty = try #require(
            try JSONSerialization.jsonObject(with: Data(AuditSummary().jsonText.utf8)) as? [String: Any]
        )
        #expect(empty["firstTime"] == nil)
    }

    @Test func logKeepsTheSummaryUpToDate() {
        let log = AuditLog.inMemory()
        for event in Self.events { log.record(event) }
        #expect(log.summary() == AuditSummary(events: Self.events))
    }
}
