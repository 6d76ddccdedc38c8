import BackfillCHiredis

extension RedisConnection {
    /// The hiredis version this build was compiled against, e.g. `0.14`.
    ///
    /// The code relies on hiredis 0.14's API and RESP2 reply types; Debian 12 ships 0.14.1.
    public static var hiredisVersion: String {
        "\(backfill_hiredis_major()).\(backfill_hiredis_minor())"
    }
}
