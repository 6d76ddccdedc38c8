import BackfillCLibPQ

extension PostgresConnection {
    /// The libpq version loaded at run time, e.g. `15.18` (`PQlibVersion`).
    public static var libpqVersion: String {
        let version = Int(PQlibVersion())
        return "\(version / 10_000).\(version % 10_000)"
    }

    /// Whether libpq was built thread-safe. Each connection is used from one thread at a time, but several
    /// connections live on several threads at once, which libpq allows only when this is true.
    public static var libpqIsThreadSafe: Bool { PQisthreadsafe() == 1 }
}
