/// A script's reply together with the script's name, read through accessors that throw the caller's error type.
///
/// Scripts answer in loosely typed RESP (a Lua number that is not an integer must travel as a string, and zset
/// scores come back in Redis's double format), so every read checks the shape and, when it is wrong, throws
/// `.unexpectedReply` naming the script: a caller decodes a reply in one line a field and never sees a bare
/// ``RedisReply`` mismatch.
package struct RedisScriptReply<Failure: RedisScriptFailure>: Sendable {
    /// The reply as Redis sent it.
    package let reply: RedisReply
    /// The script's name, for error messages.
    package let script: String

    package init(_ reply: RedisReply, script: String) {
        self.reply = reply
        self.script = script
    }

    package var isNull: Bool { reply.isNull }

    package func elements() throws(Failure) -> RedisScriptElements<Failure> {
        guard let elements = reply.array else { throw unexpected("an array") }
        return RedisScriptElements(elements, script: script)
    }

    package func text() throws(Failure) -> String {
        guard let text = reply.string else { throw unexpected("a string") }
        return text
    }

    /// An integer reply, a bulk string holding an integer, or one holding a score such as `1.7e+12`.
    package func number() throws(Failure) -> Int64 {
        if let value = reply.integer { return value }
        if let value = try? decimal(), abs(value) < 9.0e18 { return Int64(value) }
        throw unexpected("a number")
    }

    /// A decimal sent as a string (Lua numbers that are not integers must be, or Redis truncates them).
    package func decimal() throws(Failure) -> Double {
        if let value = reply.integer { return Double(value) }
        if let text = reply.string, let value = Double(text), value.isFinite { return value }
        throw unexpected("a decimal")
    }

    /// The error for a reply that is not `expected` (e.g. "a record"), for readers of the caller's own types.
    package func unexpected(_ expected: String) -> Failure {
        Failure(unexpectedReply: "Script \(script) answered \(reply) where \(expected) was expected.")
    }
}
