import RedisKit

/// The pacer names itself in ``PacerError`` messages and runs its scripts through RedisKit's one script path.
extension GlobalPacer: RedisComponent, RedisScriptClient {
    package typealias Failure = PacerError

    public static let failureSubject = "Pacer"
    public static let keyOwner = "pacer"
    public static let errorTypeName = "PacerError"
}
