import BlockingIO
import RedisKit

/// A TWS client id leased from the pool in Redis, so identical worker replicas never connect with the same id
/// (DESIGN invariant 5).
///
/// Leases are per gateway (a client id is unique per gateway session, not fleet-wide), expire unless renewed (the
/// worker's heartbeat renews them), and are released at graceful exit. When the gateway still answers 326 (the id
/// is in use by something outside the fleet, e.g. a person's TWS session), the worker excludes that id and leases
/// another.
public struct ClientIDLease: Sendable, Hashable {
    /// The leased client id.
    public let clientID: Int
    /// Who holds it: the worker's id.
    public let owner: String

    /// A lease as recorded in Redis; ``Pool/acquire(owner:excluding:)`` is how one is obtained.
    public init(clientID: Int, owner: String) {
        self.clientID = clientID
        self.owner = owner
    }

    /// The Redis side of the pool for one gateway.
    public struct Pool: RedisScriptClient {
        /// Redis's own errors, as the pool has always thrown them.
        package typealias Failure = RedisError

        package let connection: RedisConnection
        let leasesKey: String
        let ownersKey: String
        /// `<prefix>{<tag>}:`, shared with the queue.
        public let keyBase: String
        /// The gateway whose ids these are.
        public let gateway: String
        /// The ids that may be leased, in the order they are tried.
        public let ids: [Int]
        /// How long a lease lasts without renewal.
        public let ttl: Duration

        /// - Parameters:
        ///   - connection: the Redis connection to use (not closed by the pool).
        ///   - keyBase: `<prefix>{<tag>}:`, shared with the queue so one hash tag covers every key.
        ///   - gateway: names the gateway, e.g. `host:port`.
        ///   - ids: the pool (`IBKR_CLIENT_ID_POOL`).
        ///   - ttl: the lease length; renew well within it.
        public init(connection: RedisConnection, keyBase: String, gateway: String, ids: [Int], ttl: Duration) {
            self.connection = connection
            self.leasesKey = keyBase + "clientids:" + gateway
            self.ownersKey = keyBase + "clientid-owners:" + gateway
            self.keyBase = keyBase
            self.gateway = gateway
            self.ids = ids
            self.ttl = ttl
        }

        /// Leases the first free id that is not in `excluding`, or returns nil if every id is taken.
        public func acquire(owner: String, excluding: Set<Int> = []) async throws -> ClientIDLease? {
            let arguments: [any RedisArgument] =
                [owner, ttl.milliseconds, excluding.sorted().map(String.init).joined(separator: ",")]
                + ids.map { $0 as any RedisArgument }
            let reply = try await run(ClientIDLeaseScript.acquire, keys: [leasesKey, ownersKey], arguments: arguments)
            if reply.isNull { return nil }
            return ClientIDLease(clientID: Int(try reply.number()), owner: owner)
        }

        /// Renews a lease; false means it ran out and may belong to someone else now (stop using the id).
        public func renew(_ lease: ClientIDLease) async throws -> Bool {
            try await run(
                ClientIDLeaseScript.renew,
                keys: [leasesKey, ownersKey],
                arguments: [lease.owner, lease.clientID, ttl.milliseconds]
            ).number() == 1
        }

        /// Gives a lease back at once; returns whether the caller still held it.
        @discardableResult
        public func release(_ lease: ClientIDLease) async throws -> Bool {
            try await run(
                ClientIDLeaseScript.release,
                keys: [leasesKey, ownersKey],
                arguments: [lease.owner, lease.clientID]
            ).number() == 1
        }

        /// The ids leased now, with their owners (expired leases excluded), for `status`.
        public func holders() async throws -> [Int: String] {
            let now = try await connection.serverTime()
            let live = try await connection.send("ZRANGEBYSCORE", leasesKey, "(\(now)", "+inf").array ?? []
            var holders: [Int: String] = [:]
            for member in live.compactMap(\.string) {
                guard let id = Int(member) else { continue }
                holders[id] = try await connection.send("HGET", ownersKey, member).string ?? ""
            }
            return holders
        }
    }
}
