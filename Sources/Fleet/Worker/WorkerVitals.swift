/// When the heartbeat last ran and whether Redis answered it; the basis of ``WorkerHealth``.
struct WorkerVitals: Sendable {
    var lastHeartbeat: ContinuousClock.Instant?
    var redisReachable = true
}
