extension GatewaySession.ClientIDs {
    /// Client ids leased from a pool under `owner`, the lease kept in `holder` so its owner can renew it (the
    /// worker's heartbeat, the head-timestamp lookup between requests).
    static func leased(from pool: ClientIDLease.Pool, owner: String, holder: HeldClientID) -> Self {
        Self(
            acquire: { excluding in
                guard let leased = try await pool.acquire(owner: owner, excluding: excluding) else { return nil }
                holder.set(leased)
                return leased.clientID
            },
            release: { clientID in
                if let held = holder.take(clientID: clientID) { _ = try? await pool.release(held) }
            }
        )
    }
}
