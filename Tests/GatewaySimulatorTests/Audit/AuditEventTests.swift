import Foundation
import GatewaySimulator
import Testing

@Suite("Audit: JSON lines")
struct AuditEventTests {
    /// 2024-01-05T21:00:00.123Z
    static let time = Date(timeIntervalSince1970: 1_704_488_400.123_4)

    static func parse(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(AuditEvent.timestampText(Self.time) == "2024-01-05T21:00:00.123Z")
        #expect(
            AuditEvent.timestampText(Date(timeIntervalSince1970: 1_704_488_400.999_9)) == "2024-01-05T21:00:00.999Z"
        )
        #expect(AuditEvent.timestampText(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(AuditEvent.timestampText(Date(timeIntervalSince1970: 1_704_488_400.999)) == "2024-01-05T21:00:00.999Z")
        #expect(AuditEvent.timestampText(Date(timeIntervalSince1970: 1_704_488_400.001)) == "2024-01-05T21:00:00.001Z")
        #expect(AuditEvent.timestampText(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }

    @Test func requestLineHasSortedKeys() throws {
        let event = AuditEvent.request(
            time: Self.time,
            clientId: 7,
            message: "reqHistoricalData",
            reqId: 42,
            parameters: ["whatToShow": "TRADES", "barSize": "5 secs"]
        )
        #expect(
            event.jsonLine
                == #"{"clientId":7,"event":"request","message":"reqHistoricalData","parameters":{"barSize":"5 secs","#
                + #""whatToShow":"TRADES"},"reqId":42,"time":"2024-01-05T21:00:00.123Z"}"#
        )
        let object = try Self.parse(event.jsonLine)
        #expect(object["reqId"] as? Int == 42)
        #expect(object["parameters"] as? [String: String] == ["whatToShow": "TRADES", "barSize": "5 secs"])
    }

    @Test func missingOptionalsAreLeftOut() throws {
        let event = AuditEvent.request(time: Self.time, clientId: 1, message: "startApi", reqId: nil, parameters: [:])
        let object = try Self.parse(event.jsonLine)
        #expect(object["reqId"] == nil)
        let disconnect = try Self.parse(AuditEvent.disconnected(time: Self.time, clientId: nil, reason: "eof").jsonLine)
        #expect(disconnect["clientId"] == nil)
        #expect(disconnect["reason"] as? String == "eof")
        #expect(disconnect["event"] as? String == "disconnect")
    }

    @Test func ruleLineCarriesCodeAndText() throws {
        let event = AuditEvent.violation(of: .identicalRequest, time: Self.time, clientId: 3, reqId: 9)
        let object = try Self.parse(event.jsonLine)
        #expect(object["event"] as? String == "rule")
        #expect(object["rule"] as? String == "identical-15s")
        #expect(object["errorCode"] as? Int == 162)
        #expect(object["errorText"] as? String == PacingRule.pacingViolationText)
        let flood = try Self.parse(
            AuditEvent.violation(of: .softThrottleFlood, time: Self.time, clientId: 3, reqId: 9).jsonLine
        )
        #expect(flood["errorCode"] == nil)
        #expect(flood["rule"] as? String == "soft-throttle-flood")
    }

    @Test func connectionAndFaultLines() throws {
        let rejected = try Self.parse(AuditEvent.clientIdInUse(time: Self.time, clientId: 5).jsonLine)
        #expect(rejected["event"] as? String == "connect-rejected")
        #expect(rejected["errorCode"] as? Int == 326)
        #expect(
            rejected["errorText"] as? String
                == "Unable to connect as the client id is already in use. Retry with a unique client id."
        )
        let connected = try Self.parse(AuditEvent.connected(time: Self.time, clientId: 5).jsonLine)
        #expect(connected.keys.sorted() == ["clientId", "event", "time"])
        let fault = try Self.parse(
            AuditEvent.faultInjected(time: Self.time, clientId: nil, fault: "farm-down", details: ["code": "2105"])
                .jsonLine
        )
        #expect(fault["fault"] as? String == "farm-down")
        #expect(fault["details"] as? [String: String] == ["code": "2105"])
    }

    static let trickyStrings = [
        #"say "hi""#, #"C:\path\"#, "line\nbreak\r\n", "tab\there", "nul\u{0}byte", "bell\u{7}\u{8}\u{C}\u{1F}",
        "del\u{7F}", "café", "日本語", "📈 AAPL", "sep\u{2028}\u{2029}", "/slash/", "",
    ]

    @Test(arguments: trickyStrings)
    func trickyStringsRoundTrip(text: String) throws {
        let event = AuditEvent.request(
            time: Self.time,
            clientId: 1,
            message: text,
            reqId: 1,
            parameters: [text: text, "plain": text]
        )
        let line = event.jsonLine
        #expect(!line.contains("\n"))
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 })
        let object = try Self.parse(line)
        #expect(object["message"] as? String == text)
        #expect(object["parameters"] as? [String: String] == [text: text, "plain": text])
    }

    @Test func escapesAreTheShortForms() {
        let line = AuditEvent.disconnected(time: Self.time, clientId: 1, reason: "\"\\\n\t\u{1}é").jsonLine
        #expect(line.contains(#""reason":"\"\\\n\t\u0001é""#))
    }
}
