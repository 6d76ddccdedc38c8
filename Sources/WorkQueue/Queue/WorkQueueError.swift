import RedisKit

/// Every error the work queue throws: ``RedisComponentError`` with the queue as its component.
///
/// `.invalidConfiguration` is a bad prefix or tag or a non-positive lease; `.invalidArgument` a priority, lease
/// or jitter value out of range (nothing was sent). After a `.redis` connection loss the operation may or may not
/// have happened; every operation is safe to repeat or to leave to the reaper.
public typealias WorkQueueError = RedisComponentError<WorkQueue>
