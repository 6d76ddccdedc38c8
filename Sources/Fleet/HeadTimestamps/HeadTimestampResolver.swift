import BackfillStore
import ChunkPlanning
import GlobalPacer
import Logging
import TWSProtocol

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds IB's head timestamp (earliest data) per contract for one what-to-show and useRTH, so the planner skips
/// time before it (DESIGN.md, Planner).
///
/// Answers come from the `head_timestamps` table first. Only contracts missing there (or whose cached "no data"
/// is older than ``Configuration/noDataRecheck``) are asked of the gateway: over one connection, with a client id
/// leased from the pool (another on error 326) and released at the end, and with every request passing the global
/// pacer first (DESIGN invariant 4). New answers are cached.
///
/// Resolving never fails: an unreachable gateway, Redis or database, a cancelled task, a pacer that keeps it
/// waiting longer than ``Configuration/pacerWaitLimit``, or IB refusing one contract all leave those contracts
/// without a head timestamp — they are then planned in full — and are reported in the
/// ``HeadTimestampResolution``.
public struct HeadTimestampResolver: Sendable {
    /// How patient to be, and who leases the client id.
    public struct Configuration: Sendable {
        /// The client-id lease's owner, shown by `backfill status`.
        public var owner: String
        /// How long to try to open the socket: short, because a missing gateway is common when planning.
        public var connectTimeout: Duration = .seconds(2)
        /// From socket open to the gateway's ready answer.
        public var handshakeTimeout: Duration = .seconds(5)
        /// How long one head-timestamp request may take before it is cancelled and counted as failed.
        public var requestTimeout: Duration = .seconds(30)
        /// The most time to spend waiting for the pacer, over all requests; then the rest is not asked.
        public var pacerWaitLimit: Duration = .seconds(30)
        /// A cached "no data" older than this is asked again (data may have appeared since).
        public var noDataRecheck: Duration = .seconds(86_400)
        /// How many client ids to try when the gateway answers 326 (id in use).
        public var clientIDAttempts = 4

        /// Settings with defaults.
        ///
        /// - Parameter owner: The client-id lease's owner, e.g. `planner-<pid>`.
        public init(owner: String = "planner-\(ProcessInfo.processInfo.processIdentifier)") {
            self.owner = owner
        }
    }

    /// The gateway to ask and what every request to it needs first.
    public struct Gateway: Sendable {
        /// The gateway's host.
        public var host: String
        /// The gateway's port.
        public var port: Int
        /// The client-id pool of this gateway.
        public var clientIDs: ClientIDLease.Pool
        /// The pacer of this gateway.
        public var pacer: GlobalPacer

        /// Names the gateway.
        ///
        /// - Parameters:
        ///   - host: The gateway's host.
        ///   - port: The gateway's port.
        ///   - clientIDs: Its client-id pool (keyed by `host:port`).
        ///   - pacer: Its pacer (keyed by `host:port`).
        public init(host: String, port: Int, clientIDs: ClientIDLease.Pool, pacer: GlobalPacer) {
            self.host = host
            self.port = port
            self.clientIDs = clientIDs
            self.pacer = pacer
        }
    }

    let store: ChunkStore?
    let gateway: Gateway?
    let configuration: Configuration
    let logger: Logger

    /// Creates a resolver.
    ///
    /// - Parameters:
    ///   - store: The cache; nil without PostgreSQL (then every contract is asked, and nothing is kept).
    ///   - gateway: The gateway; nil when it cannot be asked (no Redis for the pacer and the pool).
    ///   - configuration: Timeouts and the lease owner.
    ///   - logger: Receives a warning per contract IB refuses, and debug messages.
    public init(
        store: ChunkStore?,
        gateway: Gateway?,
        configuration: Configuration = Configuration(),
        logger: Logger
    ) {
        self.store = store
        self.gateway = gateway
        self.configuration = configuration
        self.logger = logger
    }

    /// The head timestamps of `contracts`, from the cache or the gateway.
    ///
    /// - Parameters:
    ///   - contracts: The instruments; duplicates are resolved once.
    ///   - whatToShow: IB's what-to-show (normalised to upper case without spaces).
    ///   - useRTH: IB's useRTH; the head timestamp may differ with it.
    /// - Returns: The head timestamps known, and what happened for the others.
    public func resolve(_ contracts: [Contract], whatToShow: String, useRTH: Bool) async -> HeadTimestampResolution {
        let whatToShow = Planner.normalizedWhatToShow(whatToShow)
        var seen: Set<Contract> = []
        let contracts = contracts.filter { seen.insert($0).inserted }
        var resolution = HeadTimestampResolution()
        let missing = await readCache(contracts, whatToShow: whatToShow, useRTH: useRTH, into: &resolution)
        guard !missing.isEmpty else { return resolution }
        guard let gateway else {
            resolution.unchecked = missing
            resolution.gateway = .unavailable("no pacer")
            return resolution
        }
        let answers = await fetch(missing, from: gateway, whatToShow: whatToShow, useRTH: useRTH, into: &resolution)
        for (contract, head) in answers {
            resolution.fetched += 1
            if let head {
                resolution.headTimestamps[contract] = head
            } else {
                resolution.noData.append(contract)
            }
        }
        if let store, !answers.isEmpty {
            do {
                try await store.saveHeadTimestamps(answers, whatToShow: whatToShow, useRTH: useRTH)
            } catch {
                logger.warning("Cannot cache head timestamps", metadata: ["error": "\(error)"])
            }
        }
        return resolution
    }

    /// Fills `resolution` from the cache; returns the contracts still to ask, in order.
    private func readCache(
        _ contracts: [Contract],
        whatToShow: String,
        useRTH: Bool,
        into resolution: inout HeadTimestampResolution
    ) async -> [Contract] {
        guard let store else { return contracts }
        let entries: [Contract: ChunkStore.HeadTimestampEntry]
        do {
            entries = try await store.cachedHeadTimestamps(for: contracts, whatToShow: whatToShow, useRTH: useRTH)
        } catch {
            logger.warning("Cannot read cached head timestamps", metadata: ["error": "\(error)"])
            return contracts
        }
        let now = Int64(Date().timeIntervalSince1970)
        let recheck = configuration.noDataRecheck.components.seconds
        var missing: [Contract] = []
        for contract in contracts {
            guard let entry = entries[contract] else {
                missing.append(contract)
                continue
            }
            if let head = entry.headTime {
                resolution.headTimestamps[contract] = head
            } else if now - entry.fetchedAt < recheck {
                resolution.noData.append(contract)
            } else {
                missing.append(contract)
                continue
            }
            resolution.cached += 1
        }
        return missing
    }
}
