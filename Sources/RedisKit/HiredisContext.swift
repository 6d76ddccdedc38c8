import BackfillCHiredis

/// Owns one `redisContext` and frees it exactly once, when the owner is released.
///
/// `@unchecked Sendable`: a ``RedisConnection`` keeps its context private and only touches it from its own
/// thread; the owner exists so that the actor's `deinit` (which may run on any thread, when nothing else can
/// reach the connection) need not touch the pointer itself.
///
/// Public only as the type the connection's ``ConnectionLifecycle`` holds; nothing outside the module can reach the
/// handle.
public final class HiredisContext: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<redisContext>

    init(_ pointer: UnsafeMutablePointer<redisContext>) {
        self.pointer = pointer
    }

    deinit {
        redisFree(pointer)
    }
}
