import RedisKit

/// Typed reads of script replies that throw ``WorkQueueError`` `.unexpectedReply` naming the script.
extension RedisReply {
    func elements(of script: String) throws(WorkQueueError) -> [RedisReply] {
        guard let elements = array else { throw unexpected(script, "an array") }
        return elements
    }

    func text(of script: String) throws(WorkQueueError) -> String {
        guard let text = string else { throw unexpected(script, "a string") }
        return text
    }

    /// An integer reply, a bulk string holding an integer, or a zset score such as `1.7e+12` (scores come back
    /// in Redis's double format).
    func number(of script: String) throws(WorkQueueError) -> Int64 {
        if let value = integer { return value }
        if let text = string, let value = Double(text), value.isFinite, abs(value) < 9.0e18 {
            return Int64(value)
        }
        throw unexpected(script, "a number")
    }

    func record(of script: String) throws(WorkQueueError) -> ChunkRecord {
        guard let bytes = bytes else { throw unexpected(script, "a record") }
        return try ChunkRecord(json: bytes)
    }

    private func unexpected(_ script: String, _ expected: String) -> WorkQueueError {
        WorkQueueError(.unexpectedReply, "Script \(script) answered \(self) where \(expected) was expected.")
    }
}

extension Array where Element == RedisReply {
    /// The element at `index`, or `.unexpectedReply` if the reply is too short.
    func element(_ index: Int, of script: String) throws(WorkQueueError) -> RedisReply {
        guard indices.contains(index) else {
            throw WorkQueueError(.unexpectedReply, "Script \(script) answered \(count) values; expected more.")
        }
        return self[index]
    }
}
