import RedisKit

extension WorkQueue {
    /// Registers a worker, or renews its registration: call it at start and then periodically (well within
    /// ``Configuration/workerRegistrationTTL``), e.g. together with the lease heartbeats.
    ///
    /// Registrations feed `status` (live workers and their TWS client ids); they do not guard chunks, leases do.
    /// Each call also forgets registrations that have expired.
    ///
    /// - Parameters:
    ///   - worker: the worker's id, as used for claims.
    ///   - clientID: the TWS client id it currently holds.
    ///   - gateway: the gateway it talks to (`host:port`), shown by `status` and the dashboard.
    ///   - ttl: how long the registration lasts; ``Configuration/workerRegistrationTTL`` when nil.
    /// - Returns: when the registration expires.
    /// - Throws: ``WorkQueueError``.
    @discardableResult
    public func registerWorker(
        _ worker: String,
        clientID: Int,
        gateway: String? = nil,
        ttl: Duration? = nil
    ) async throws(WorkQueueError) -> RedisTime {
        let ttlMilliseconds = try milliseconds(
            ttl ?? configuration.workerRegistrationTTL,
            name: "The registration TTL",
            minimum: 1
        )
        return try await run(
            QueueScript.registerWorker,
            keys: [keys[.workers], keys[.workerInfo]],
            arguments: [worker, clientID, ttlMilliseconds, gateway ?? ""]
        ).number()
    }

    /// Removes a worker's registration, at graceful shutdown.
    ///
    /// - Returns: whether it was registered.
    /// - Throws: ``WorkQueueError``.
    @discardableResult
    public func deregisterWorker(_ worker: String) async throws(WorkQueueError) -> Bool {
        try await run(
            QueueScript.deregisterWorker,
            keys: [keys[.workers], keys[.workerInfo]],
            arguments: [worker]
        ).number() == 1
    }
}
