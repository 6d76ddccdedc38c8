import RedisKit

/// Every error the pacer throws: ``RedisComponentError`` with the pacer as its component.
///
/// `.invalidConfiguration` is a bad scale, limit, prefix or tag; `.invalidArgument` a `|` in an exchange or a
/// permit of another gateway (nothing was sent). After a `.redis` connection loss a `go` may have been recorded
/// without reaching the caller: its open-request slot frees itself when the lease runs out.
public typealias PacerError = RedisComponentError<GlobalPacer>
