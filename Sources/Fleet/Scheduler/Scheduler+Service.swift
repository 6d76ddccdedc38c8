import BlockingIO
import ServiceLifecycle

extension Scheduler: Service {
    /// Runs the scheduler as a service: ``schedule()`` until the group shuts down gracefully (SIGTERM or SIGINT in
    /// `backfill scheduler`), which triggers ``stop``; the lease is released on the way out, so a standby takes
    /// over at once instead of after the lease period.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await self.schedule()
        } onGracefulShutdown: {
            self.stop.trigger()
        }
    }
}
