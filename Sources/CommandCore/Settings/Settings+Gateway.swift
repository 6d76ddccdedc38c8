import Fleet
import GlobalPacer
import Logging
import RedisKit
import WorkQueue

extension Settings {
    /// The gateway of `IBKR_HOST` and `IBKR_PORT`.
    package var gatewayAddress: GatewayAddress { GatewayAddress(host: gatewayHost, port: gatewayPort) }

    /// The global pacer's settings from `BACKFILL_*` tuning and the key prefix and hash tag, the same for every
    /// command that talks to a gateway (workers, and planning when it asks for head timestamps).
    package var pacerConfiguration: PacerConfiguration {
        var configuration = PacerConfiguration(scale: tuning.pacingScale, strictForLargeBars: tuning.strictPacing)
        configuration.prefix = keyPrefix
        configuration.hashTag = hashTag
        configuration.maxOpenRequests = tuning.maxOpenRequests
        configuration.windowMargin = .milliseconds(tuning.pacingMarginMilliseconds)
        // A request may run until its timeout; its open-request slot must outlive it, or the cap could be exceeded.
        configuration.openRequestLease = .seconds(tuning.requestTimeoutSeconds + 30)
        return configuration
    }

    /// The pacer every request to `gateway` must pass.
    package func pacer(
        for gateway: GatewayAddress,
        on redis: RedisConnection,
        logger: Logger
    ) throws(PacerError) -> GlobalPacer {
        try GlobalPacer(
            connection: redis,
            gateway: gateway.description,
            configuration: pacerConfiguration,
            logger: logger
        )
    }

    /// The client-id pool (`IBKR_CLIENT_ID_POOL`) of `gateway`, under the same key prefix and tag as the queue.
    package func clientIDs(
        for gateway: GatewayAddress,
        on redis: RedisConnection,
        ttl: Duration
    ) throws(WorkQueueError) -> ClientIDLease.Pool {
        ClientIDLease.Pool(
            connection: redis,
            keyBase: try QueueKeys(prefix: keyPrefix, tag: hashTag).base,
            gateway: gateway.description,
            ids: clientIDPool.ids,
            ttl: ttl
        )
    }
}
