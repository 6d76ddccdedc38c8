import NIOCore
import Synchronization
import TWSProtocol

extension SimulatorGateway {
    func register(session: UInt64, channel: any Channel, serverVersion: Int) {
        state.withLock { $0.sessions[session] = (channel, serverVersion) }
    }

    func unregister(session: UInt64) {
        state.withLock { _ = $0.sessions.removeValue(forKey: session) }
    }

    /// Sends a connection-wide notice (request id -1) to every ready client.
    func broadcast(code: Int, text: String) {
        let sessions = state.withLock { Array($0.sessions.values) }
        let notice = TWSMessage.error(IBError(requestID: -1, code: code, message: text, errorTime: epochMilliseconds()))
        for (channel, version) in sessions {
            var buffer = channel.allocator.buffer(capacity: 128)
            buffer.writeTWSFrame(notice.fields(serverVersion: version))
            channel.writeAndFlush(buffer, promise: nil)
        }
        audit(.faultInjected(time: clock.wallTime(), clientId: nil, fault: "notice-\(code)", details: ["text": text]))
    }

    /// Closes every client connection (the first half of a simulated gateway restart).
    func dropAllSessions() {
        let channels = state.withLock { $0.sessions.values.map(\.channel) }
        for channel in channels { channel.close(promise: nil) }
    }

    func setHistoricalFarm(down: Bool) {
        state.withLock { $0.historicalFarmDown = down }
        if down {
            broadcast(code: 2105, text: "HMDS data farm connection is broken:ushmds")
        } else {
            broadcast(code: 2106, text: "HMDS data farm connection is OK:ushmds")
        }
    }

    func setIBConnectivity(lost: Bool) {
        state.withLock { $0.ibConnectivityLost = lost }
        if lost {
            broadcast(code: 1100, text: "Connectivity between IB and Trader Workstation has been lost.")
        } else {
            broadcast(
                code: 1102,
                text: "Connectivity between IB and Trader Workstation has been restored - data maintained."
            )
        }
    }

    /// While the farm or IB is unreachable, historical requests fail like IB's do.
    func outageReply(_ requestID: Int) -> SimulatorReply? {
        let down = state.withLock { $0.historicalFarmDown || $0.ibConnectivityLost }
        guard down else { return nil }
        return .error(
            requestID,
            165,
            "Historical Market Data Service query message:HMDS server disconnect occurred.  Attempting reconnection"
        )
    }

    /// Counts a reply and says whether a garbage or truncation fault replaces it.
    func replyFault() -> SimulatorReplyFault? {
        let count = state.withLock { state -> Int in
            state.repliesSent += 1
            return state.repliesSent
        }
        if let every = faults.garbageEveryNthReply, count % every == 0 { return .garbage }
        if let every = faults.truncateEveryNthReply, count % every == 0 { return .truncate }
        return nil
    }
}

/// How an every-Nth-reply fault spoils a reply.
enum SimulatorReplyFault {
    /// A well-framed message whose payload is random bytes without the NUL terminator.
    case garbage
    /// Half of the reply's bytes, then the connection closes.
    case truncate
}
