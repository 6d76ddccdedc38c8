import Foundation

extension AuditEvent {
    /// The event as one line of JSON, without the newline.
    ///
    /// Keys are sorted (by UTF-8 bytes) so lines diff and grep well; optional values that are `nil` are left
    /// out rather than written as `null`. Keys by event:
    ///
    /// - every event: `event` (``name``), `time` (UTC ISO-8601 with milliseconds, e.g.
    ///   `2024-01-05T21:00:00.123Z`), `clientId` when known;
    /// - `request`: `message`, `reqId`, `parameters` (an object of strings);
    /// - `rule`: `reqId`, `rule`, `errorCode`, `errorText`;
    /// - `connect-rejected`: `errorCode`, `errorText`;
    /// - `disconnect`: `reason`;
    /// - `fault`: `fault`, `details` (an object of strings);
    /// - `stall`: `milliseconds`.
    ///
    /// Strings are escaped by a small encoder of ours rather than `JSONSerialization`, so the bytes do not
    /// depend on the Foundation version: `"` and `\` are escaped, control characters become `\n`, `\t`, … or
    /// `\u00XX`, U+2028/U+2029 become `\u2028`/`\u2029`, and all other text is written as UTF-8.
    public var jsonLine: String {
        jsonValue.encoded()
    }

    /// Formats a date as UTC ISO-8601 with milliseconds (truncated, not rounded): `2024-01-05T21:00:00.123Z`.
    ///
    /// The milliseconds are computed here rather than by the format style, because a `Date` holds binary
    /// seconds since 2001: `.123` may be stored as `.12299999` and would print as `.122`. A microsecond of slack
    /// absorbs that error without changing any real millisecond.
    public static func timestampText(_ date: Date) -> String {
        let totalMilliseconds = (date.timeIntervalSince1970 * 1000 + 0.001).rounded(.down)
        let wholeSeconds = (totalMilliseconds / 1000).rounded(.down)
        let milliseconds = Int(totalMilliseconds - wholeSeconds * 1000)
        let secondsText = Date.ISO8601FormatStyle().format(Date(timeIntervalSince1970: wholeSeconds))
        let fraction = String(milliseconds)
        return secondsText.dropLast() + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z"
    }

    var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["event": .string(name), "time": .string(Self.timestampText(time))]
        if let clientId { object["clientId"] = .int(clientId) }
        switch self {
        case .request(_, _, let message, let reqId, let parameters):
            object["message"] = .string(message)
            object["reqId"] = reqId.map(JSONValue.int)
            object["parameters"] = .object(parameters.mapValues(JSONValue.string))
        case .ruleBroken(_, _, let reqId, let rule, let errorCode, let errorText):
            object["reqId"] = reqId.map(JSONValue.int)
            object["rule"] = .string(rule)
            object["errorCode"] = errorCode.map(JSONValue.int)
            object["errorText"] = errorText.map(JSONValue.string)
        case .connected:
            break
        case .connectionRejected(_, _, let errorCode, let errorText):
            object["errorCode"] = .int(errorCode)
            object["errorText"] = .string(errorText)
        case .disconnected(_, _, let reason):
            object["reason"] = .string(reason)
        case .faultInjected(_, _, let fault, let details):
            object["fault"] = .string(fault)
            object["details"] = .object(details.mapValues(JSONValue.string))
        case .loopStalled(_, let milliseconds):
            object["milliseconds"] = .int(milliseconds)
        }
        return .object(object)
    }

    /// A JSON value for the audit log's own encoder; used by ``AuditSummary`` too.
    enum JSONValue: Sendable, Hashable {
        case string(String)
        case int(Int)
        case array([JSONValue])
        case object([String: JSONValue])

        /// Compact JSON text with sorted keys.
        func encoded() -> String {
            var output = ""
            write(to: &output)
            return output
        }

        private func write(to output: inout String) {
            switch self {
            case .string(let text):
                Self.writeString(text, to: &output)
            case .int(let number):
                output += String(number)
            case .array(let elements):
                output += "["
                for (index, element) in elements.enumerated() {
                    if index > 0 { output += "," }
                    element.write(to: &output)
                }
                output += "]"
            case .object(let members):
                output += "{"
                let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                for (index, key) in keys.enumerated() {
                    if index > 0 { output += "," }
                    Self.writeString(key, to: &output)
                    output += ":"
                    members[key]?.write(to: &output)
                }
                output += "}"
            }
        }

        private static func writeString(_ text: String, to output: inout String) {
            output += "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": output += "\\\""
                case "\\": output += "\\\\"
                case "\n": output += "\\n"
                case "\r": output += "\\r"
                case "\t": output += "\\t"
                case "\u{08}": output += "\\b"
                case "\u{0C}": output += "\\f"
                case "\u{2028}": output += "\\u2028"
                case "\u{2029}": output += "\\u2029"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16, uppercase: false)
                        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        output.unicodeScalars.append(scalar)
                    }
                }
            }
            output += "\""
        }
    }
}
