import RedisKit

/// The pacer names itself in ``PacerError`` messages and runs its scripts through RedisKit's one script path.
extension GlobalPacer: RedisComponent, RedisScriptClient {
    package typealias Failure = PacerError

    public static let failureSubject = "Pacer"
    public static let keyOwner = "pacer"
    public static let errorTypeName = "PacerError"
}

extension GlobalPacer {
    /// Runs a pacer script with the clock key appended: every script reads the fleet's clock through it.
    func runOnFleetClock(
        _ script: RedisScript,
        keys: [String],
        arguments: [any RedisArgument]
    ) async throws(PacerError) -> RedisScriptReply<PacerError> {
        try await run(script, keys: keys + [self.keys.clock], arguments: arguments)
    }
}
