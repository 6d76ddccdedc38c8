import BlockingIO
import RedisKit

extension GlobalPacer {
    /// Frees a permit's open-request slot at once.
    ///
    /// Call it when IB has answered (the end of the bars, or an error), or for a head-timestamp request when it
    /// has been cancelled. The windows keep the request: IB counts requests sent, not requests open.
    ///
    /// - Parameter permit: a permit of this gateway.
    /// - Returns: whether the permit still held a slot (false after its lease ran out, or a second release).
    /// - Throws: ``PacerError``: `.invalidArgument` for another gateway's permit, `.redis`.
    @discardableResult
    public func release(_ permit: PacerPermit) async throws(PacerError) -> Bool {
        try check(permit)
        do {
            let reply = try await connection.send("ZREM", keys.open, permit.token)
            return (reply.integer ?? 0) > 0
        } catch {
            throw PacerError(redis: error, during: "release")
        }
    }

    /// Extends a permit's open-request lease from now, for a request that takes longer than the lease.
    ///
    /// - Parameters:
    ///   - permit: a permit of this gateway.
    ///   - lease: the new lease from now; ``PacerConfiguration/openRequestLease`` when nil.
    /// - Returns: the new deadline on Redis's clock, or nil if the lease had already run out (the slot may have
    ///   been given to another request: finish or cancel quickly).
    /// - Throws: ``PacerError``.
    public func renew(_ permit: PacerPermit, lease: Duration? = nil) async throws(PacerError) -> Int64? {
        try check(permit)
        let milliseconds = (lease ?? configuration.openRequestLease).milliseconds
        guard milliseconds >= 1 else { throw PacerError(.invalidArgument, "A lease must be at least 1 ms.") }
        let reply = try await runOnFleetClock(
            PacerScript.renew,
            keys: [keys.open],
            arguments: [permit.token, milliseconds]
        )
        if reply.isNull { return nil }
        return try reply.number()
    }

    func check(_ permit: PacerPermit) throws(PacerError) {
        guard permit.gateway == gateway else {
            throw PacerError(
                .invalidArgument,
                "A permit of gateway '\(permit.gateway)' was given to the pacer of '\(gateway)'."
            )
        }
    }
}
