/// A caller with no error type of its own (the client-id pool) gets Redis's errors as they are, and a malformed
/// reply as `.unexpectedReply`.
extension RedisError: RedisScriptFailure {
    public init(redis error: RedisError, during script: String) {
        self = error
    }

    public init(unexpectedReply message: String) {
        self.init(.unexpectedReply, message)
    }
}
