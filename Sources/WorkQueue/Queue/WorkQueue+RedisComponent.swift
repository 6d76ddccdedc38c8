import RedisKit

/// The queue names itself in ``WorkQueueError`` messages and runs its scripts through RedisKit's one script path.
extension WorkQueue: RedisComponent, RedisScriptClient {
    package typealias Failure = WorkQueueError

    public static let failureSubject = "Work queue"
    public static let keyOwner = "queue"
    public static let errorTypeName = "WorkQueueError"
}
