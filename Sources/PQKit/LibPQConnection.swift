import BackfillCLibPQ

/// Owns one `PGconn` and finishes it exactly once, when the owner is released.
///
/// `@unchecked Sendable`: a ``PostgresConnection`` keeps it private and only touches it from its own thread; the
/// owner exists so that the actor's `deinit` (which may run on any thread, when nothing else can reach the
/// connection) need not touch the pointer itself.
///
/// Public only as the type the connection's ``ConnectionLifecycle`` holds; nothing outside the module can reach the
/// handle.
public final class LibPQConnection: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        PQfinish(pointer)
    }
}
