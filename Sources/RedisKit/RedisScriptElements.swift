/// The elements of a script's array reply, each a ``RedisScriptReply``, keeping the script's name so that a reply
/// too short for its reader (even an empty one) is reported against the script.
package struct RedisScriptElements<Failure: RedisScriptFailure>: RandomAccessCollection, Sendable {
    /// The script's name, for error messages.
    package let script: String
    private let replies: [RedisReply]

    package init(_ replies: [RedisReply], script: String) {
        self.replies = replies
        self.script = script
    }

    package var startIndex: Int { replies.startIndex }
    package var endIndex: Int { replies.endIndex }

    package subscript(position: Int) -> RedisScriptReply<Failure> {
        RedisScriptReply(replies[position], script: script)
    }

    /// The element at `index`, or `.unexpectedReply` if the reply is too short.
    package func element(_ index: Int) throws(Failure) -> RedisScriptReply<Failure> {
        guard indices.contains(index) else {
            throw Failure(unexpectedReply: "Script \(script) answered \(count) values; expected more.")
        }
        return self[index]
    }
}
