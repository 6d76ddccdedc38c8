/// The historical requests open on the gateway, capped at 50 as IB does (error 322).
///
/// IB counts open requests per TWS/Gateway session, so the cap is gateway-wide across client ids. A request is
/// open from the moment it is allowed until the server finishes it (last bar, head timestamp or ticks sent)
/// or it is cancelled. Head-timestamp requests are the exception IB documents: they stay open until
/// cancelled with cancelHeadTimeStamp, so ``finish(_:)`` leaves them open and only ``cancel(_:)`` closes them.
/// Historical-tick requests are tracked too (our inference: they are historical data requests as well).
///
/// A value-type state machine: the server keeps it, usually inside ``PacingEngine``, behind its own lock.
public struct OpenRequestTracker: Sendable, Hashable {
    /// The most requests that may be open at once.
    public let limit: Int

    private var open: [RequestIdentity: JudgedRequest.Kind] = [:]

    /// An empty tracker.
    ///
    /// - Parameter limit: The cap, 50 for IB.
    public init(limit: Int = 50) {
        self.limit = limit
    }

    /// Requests open on the gateway.
    public var count: Int {
        open.count
    }

    /// Requests open for one client.
    public func count(clientId: Int) -> Int {
        open.keys.reduce(0) { $0 + ($1.clientId == clientId ? 1 : 0) }
    }

    /// Whether this request is open.
    public func isOpen(_ identity: RequestIdentity) -> Bool {
        open[identity] != nil
    }

    /// The kind of an open request, `nil` if it is not open.
    public func kind(of identity: RequestIdentity) -> JudgedRequest.Kind? {
        open[identity]
    }

    /// A client's open requests, ordered by request id.
    public func identities(clientId: Int) -> [RequestIdentity] {
        open.keys.filter { $0.clientId == clientId }.sorted()
    }

    /// Whether ``open(_:kind:)`` would succeed: a slot is free, or the identity already holds one.
    public func hasCapacity(for identity: RequestIdentity) -> Bool {
        open[identity] != nil || open.count < limit
    }

    /// Opens a request.
    ///
    /// Reopening an identity that is already open keeps its single slot (and takes the new kind); detecting
    /// a reused ticker id (error 322/386) is the server's job.
    ///
    /// - Returns: `false` when the gateway is full and nothing was opened.
    @discardableResult
    public mutating func open(_ identity: RequestIdentity, kind: JudgedRequest.Kind) -> Bool {
        guard hasCapacity(for: identity) else { return false }
        open[identity] = kind
        return true
    }

    /// Closes a request the server has answered completely; head-timestamp requests stay open.
    ///
    /// - Returns: Whether a slot was freed.
    @discardableResult
    public mutating func finish(_ identity: RequestIdentity) -> Bool {
        guard let kind = open[identity], kind != .headTimestamp else { return false }
        open[identity] = nil
        return true
    }

    /// Closes a request the client cancelled (cancelHistoricalData, cancelHeadTimeStamp).
    ///
    /// - Returns: Whether it was open; if not, the server answers 366 for historical data.
    @discardableResult
    public mutating func cancel(_ identity: RequestIdentity) -> Bool {
        open.removeValue(forKey: identity) != nil
    }

    /// Closes every request of a client that disconnected.
    ///
    /// - Returns: The requests that were closed, ordered by request id.
    @discardableResult
    public mutating func release(clientId: Int) -> [RequestIdentity] {
        let released = identities(clientId: clientId)
        for identity in released { open[identity] = nil }
        return released
    }
}
