import BackfillCLibPQ

/// Owns one `PGcancel` (the backend's process id and secret key, from `PQgetCancel`) and frees it once.
///
/// `PQcancel` is meant to be called from another thread than the one blocked in a statement, so this is shared
/// across threads: libpq documents `PQcancel` as safe there, and the object is never changed after it is made.
final class LibPQCancel: @unchecked Sendable {
    private let pointer: OpaquePointer

    init?(_ connection: OpaquePointer) {
        guard let pointer = PQgetCancel(connection) else { return nil }
        self.pointer = pointer
    }

    /// Sends the cancel request; false when the server could not be asked (libpq's reason is dropped: a cancel
    /// is a best effort, and the statement times out anyway).
    @discardableResult
    func cancel() -> Bool {
        var reason = [CChar](repeating: 0, count: 256)
        return PQcancel(pointer, &reason, Int32(reason.count)) == 1
    }

    deinit {
        PQfreeCancel(pointer)
    }
}
