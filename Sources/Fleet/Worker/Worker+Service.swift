import BlockingIO
import ServiceLifecycle

extension Worker: Service {
    /// Runs the worker as a service: ``work()`` until the group shuts down gracefully (SIGTERM or SIGINT in
    /// `backfill worker`), which triggers ``stop``; the group's cancellation, after its
    /// `maximumGracefulShutdownDuration`, ends the grace period. What the worker did is in ``counters``.
    public func run() async throws {
        await withGracefulShutdownHandler {
            _ = await self.work()
        } onGracefulShutdown: {
            self.stop.trigger()
        }
    }
}
