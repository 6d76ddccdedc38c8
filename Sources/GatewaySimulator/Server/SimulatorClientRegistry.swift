/// Which client ids are connected: TWS refuses a second live connection with the same id (326) and more than
/// 32 clients.
struct SimulatorClientRegistry {
    enum Admission: Equatable {
        case admitted
        case idInUse
        case full
    }

    private var sessions: [Int: UInt64] = [:]

    mutating func admit(clientID: Int, session: UInt64, maximum: Int) -> Admission {
        if sessions[clientID] != nil { return .idInUse }
        if sessions.count >= maximum { return .full }
        sessions[clientID] = session
        return .admitted
    }

    /// Frees the id if this session holds it (a refused duplicate must not free the original's id).
    mutating func release(clientID: Int, session: UInt64) {
        if sessions[clientID] == session { sessions[clientID] = nil }
    }

    var count: Int { sessions.count }
}
