import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The worker's event loops: one.
///
/// NIO's global group (``NIOCore/NIOSingletons``) starts one loop thread per core as soon as anything uses it. A
/// worker has one gateway connection (a channel stays on one loop for its life) and a metrics endpoint scraped every
/// few seconds; its PostgreSQL and Redis calls run on their connections' own threads. Every extra loop is a thread
/// with its own stack and, in glibc, its own malloc arena: on a 32-core host that was 31 idle threads per worker.
package enum WorkerEventLoops {
    /// Makes the global group a single loop, unless `NIO_SINGLETON_GROUP_LOOP_COUNT` says otherwise.
    ///
    /// Must run before anything touches `MultiThreadedEventLoopGroup.singleton`, and only once per process: NIO
    /// traps on a second setting, and ignores one made after the group exists.
    package static func useOne() {
        guard getenv("NIO_SINGLETON_GROUP_LOOP_COUNT") == nil else { return }
        NIOSingletons.groupLoopCountSuggestion = 1
    }
}
