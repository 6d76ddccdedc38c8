import Foundation
import PQKit
import RedisKit

/// CPU seconds used so far by this process, by the PostgreSQL backend serving one connection and by the Redis
/// server: on a shared machine, wall time depends on the neighbours, CPU time much less.
///
/// Reading the backend's time needs PostgreSQL on this machine (`/proc/<pid>/stat`), as Deploy/local-services.sh
/// runs it; elsewhere that figure is nil.
struct CPUTimes {
    var process: Double
    var postgres: Double?
    var redis: Double?

    static func read(postgresBackend pid: Int?, redis: RedisConnection) async throws -> CPUTimes {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let process =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        let info = try await redis.send("INFO", "cpu").string ?? ""
        var redisSeconds = 0.0
        for line in info.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":")
            if parts.count == 2, parts[0] == "used_cpu_user" || parts[0] == "used_cpu_sys" {
                redisSeconds += Double(parts[1]) ?? 0
            }
        }
        return CPUTimes(process: process, postgres: pid.flatMap(backendSeconds), redis: redisSeconds)
    }

    /// The backend's pid, for ``read(postgresBackend:redis:)``.
    static func backendPID(_ database: PostgresConnection) async throws -> Int? {
        try await database.query("SELECT pg_backend_pid() AS pid").singleRow()?.decode(Int.self, "pid")
    }

    /// utime + stime (fields 14 and 15 of `/proc/<pid>/stat`, in clock ticks).
    private static func backendSeconds(_ pid: Int) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may hold spaces) start at field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// `this process 1.2 s, PostgreSQL 6.3 s, Redis 2.1 s` for the time between two readings.
    static func spent(from start: CPUTimes, to end: CPUTimes) -> String {
        func format(_ seconds: Double?) -> String {
            seconds.map { String(format: "%.1f s", $0) } ?? "?"
        }
        let postgres = end.postgres.flatMap { e in start.postgres.map { e - $0 } }
        let redis = end.redis.flatMap { e in start.redis.map { e - $0 } }
        return
            "this process \(format(end.process - start.process)), PostgreSQL \(format(postgres)), Redis \(format(redis))"
    }
}
