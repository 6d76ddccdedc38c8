/// The start every key of one deployment shares: `<prefix>{<tag>}:`.
///
/// All keys carry the same hash tag, so on Redis Cluster they live in one slot and one script may touch any of
/// them (the queue's, the pacer's and the client-id pool's alike); the prefix lets several deployments share one
/// Redis. The tag must be the first `{…}` of every key, since that is the part Redis Cluster hashes.
public struct RedisKeySpace: Sendable, Hashable {
    /// `<prefix>{<tag>}:`.
    public let base: String

    /// Validates a prefix and hash tag and builds the shared start of the keys.
    ///
    /// - Throws: ``RedisComponentError`` `.invalidConfiguration` for an empty tag or one with braces, or a prefix
    ///   containing `{` (Redis Cluster hashes the first `{…}` of a key, so the prefix would decide the slot).
    public init<Component>(
        prefix: String,
        tag: String,
        of component: Component.Type
    ) throws(RedisComponentError<Component>) {
        guard !tag.isEmpty, !tag.contains("{"), !tag.contains("}") else {
            throw RedisComponentError(
                .invalidConfiguration,
                "The \(Component.keyOwner)'s hash tag '\(tag)' must be non-empty and contain no braces."
            )
        }
        guard !prefix.contains("{") else {
            throw RedisComponentError(
                .invalidConfiguration,
                "The \(Component.keyOwner)'s key prefix '\(prefix)' must not contain '{': the hash tag must be the "
                    + "first one."
            )
        }
        base = "\(prefix){\(tag)}:"
    }
}
