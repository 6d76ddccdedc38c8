import BackfillStore
import ChunkPlanning
import CommandCore
import Fleet
import GlobalPacer
import Logging
import RedisKit
import TWSProtocol
import WorkQueue

/// Asks for head timestamps the way `plan` and `enqueue` need: with the gateway of `IBKR_HOST:IBKR_PORT`, its
/// pacer and client-id pool in Redis, and the cache in PostgreSQL when there is one. Never fails the command.
enum HeadTimestampLookup {
    /// Resolves the head timestamps of `request`'s contracts.
    ///
    /// - Parameters:
    ///   - request: What is being planned.
    ///   - contracts: The request's contracts, checked and without duplicates.
    ///   - settings: Where the gateway and Redis are, and the pacing settings.
    ///   - store: The cache, if PostgreSQL is reachable.
    ///   - redis: A Redis connection for the pacer and the pool; nil if Redis is not reachable.
    ///   - logger: The command's logger.
    static func resolve(
        _ request: PlanRequest,
        contracts: [Contract],
        settings: Settings,
        store: ChunkStore?,
        redis: RedisConnection?,
        logger: Logger
    ) async -> HeadTimestampResolution {
        let address = settings.gatewayAddress
        var gateway: HeadTimestampResolver.Gateway?
        if let redis {
            do {
                gateway = HeadTimestampResolver.Gateway(
                    host: address.host,
                    port: address.port,
                    clientIDs: try settings.clientIDs(for: address, on: redis, ttl: .seconds(60)),
                    pacer: try settings.pacer(for: address, on: redis, logger: logger)
                )
            } catch {
                logger.warning("Cannot pace head-timestamp requests", metadata: ["error": "\(error)"])
            }
        }
        let resolver = HeadTimestampResolver(store: store, gateway: gateway, logger: logger)
        var resolution = await resolver.resolve(contracts, whatToShow: request.whatToShow, useRTH: request.useRTH)
        if redis == nil, case .unavailable = resolution.gateway {
            resolution.gateway = .unavailable("Redis not reachable")
        }
        return resolution
    }

    /// How the head timestamps were found, for `plan`'s summary, e.g. `2 cached, 1 fetched`.
    static func summary(_ resolution: HeadTimestampResolution) -> String {
        var parts: [String] = []
        if resolution.cached > 0 { parts.append("\(resolution.cached) cached") }
        if resolution.fetched > 0 { parts.append("\(resolution.fetched) fetched") }
        if !resolution.noData.isEmpty { parts.append("\(resolution.noData.count) without data at IB") }
        if !resolution.failed.isEmpty { parts.append("\(resolution.failed.count) refused by IB") }
        switch resolution.gateway {
        case .notNeeded, .asked:
            if !resolution.unchecked.isEmpty { parts.append("\(resolution.unchecked.count) not checked") }
        case .unreachable:
            parts.append("gateway not reachable: \(notChecked(resolution))")
        case .unavailable(let reason):
            parts.append("\(reason): \(notChecked(resolution))")
        }
        return parts.joined(separator: ", ")
    }

    private static func notChecked(_ resolution: HeadTimestampResolution) -> String {
        resolution.cached > 0 ? "\(resolution.unchecked.count) not checked" : "not checked"
    }
}
