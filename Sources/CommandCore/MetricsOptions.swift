import ArgumentParser

/// Where a long-running role (`worker`, `scheduler`) serves `/metrics` and `/healthz`.
package struct MetricsOptions: ParsableArguments {
    package init() {}

    @Option(
        parsing: .unconditional,
        help: "Serve /metrics and /healthz on this port (default BACKFILL_METRICS_PORT; 0 or unset: off)."
    )
    package var metricsPort: Int?

    @Option(help: "The address /metrics and /healthz listen on.")
    package var metricsHost = "0.0.0.0"

    package func validate() throws {
        if let metricsPort, !(0...65535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be from 0 to 65535.")
        }
    }

    /// The port to serve on: the flag, else `BACKFILL_METRICS_PORT`; 0 for none.
    package func port(_ settings: Settings) -> Int {
        metricsPort ?? settings.tuning.metricsPort ?? 0
    }
}
