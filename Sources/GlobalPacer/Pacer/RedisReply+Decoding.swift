import RedisKit

/// Typed reads of script replies that throw ``PacerError`` `.unexpectedReply` naming the script.
extension RedisReply {
    func elements(of script: String) throws(PacerError) -> [RedisReply] {
        guard let elements = array else { throw unexpected(script, "an array") }
        return elements
    }

    func text(of script: String) throws(PacerError) -> String {
        guard let text = string else { throw unexpected(script, "a string") }
        return text
    }

    func number(of script: String) throws(PacerError) -> Int64 {
        if let value = integer { return value }
        if let value = try? decimal(of: script), abs(value) < 9.0e18 { return Int64(value) }
        throw unexpected(script, "a number")
    }

    /// A decimal sent as a string (Lua numbers that are not integers must be, or Redis truncates them).
    func decimal(of script: String) throws(PacerError) -> Double {
        if let value = integer { return Double(value) }
        if let text = string, let value = Double(text), value.isFinite { return value }
        throw unexpected(script, "a decimal")
    }

    private func unexpected(_ script: String, _ expected: String) -> PacerError {
        PacerError(.unexpectedReply, "Script \(script) answered \(self) where \(expected) was expected.")
    }
}

extension Array where Element == RedisReply {
    /// The element at `index`, or `.unexpectedReply` if the reply is too short.
    func element(_ index: Int, of script: String) throws(PacerError) -> RedisReply {
        guard indices.contains(index) else {
            throw PacerError(.unexpectedReply, "Script \(script) answered \(count) values; expected more.")
        }
        return self[index]
    }
}
