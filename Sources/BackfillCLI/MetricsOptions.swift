import ArgumentParser

/// Where a long-running role (`worker`, `scheduler`) serves `/metrics` and `/healthz`.
struct MetricsOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: "Serve /metrics and /healthz on this port (default BACKFILL_METRICS_PORT; 0 or unset: off)."
    )
    var metricsPort: Int?

    @Option(help: "The address /metrics and /healthz listen on.")
    var metricsHost = "0.0.0.0"

    func validate() throws {
        if let metricsPort, !(0...65535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be from 0 to 65535.")
        }
    }

    /// The port to serve on: the flag, else `BACKFILL_METRICS_PORT`; 0 for none.
    func port(_ settings: Settings) -> Int {
        metricsPort ?? settings.tuning.metricsPort ?? 0
    }
}
