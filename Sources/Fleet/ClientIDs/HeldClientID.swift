import Synchronization

/// The client-id lease a worker holds right now, shared by its gateway session (which leases and releases) and
/// its heartbeat (which renews).
final class HeldClientID: Sendable {
    private let lease = Mutex<ClientIDLease?>(nil)

    var current: ClientIDLease? { lease.withLock { $0 } }

    func set(_ new: ClientIDLease) {
        lease.withLock { $0 = new }
    }

    /// Forgets the lease if it is for `clientID`, returning it.
    func take(clientID: Int) -> ClientIDLease? {
        lease.withLock { held in
            guard let current = held, current.clientID == clientID else { return nil }
            held = nil
            return current
        }
    }
}
