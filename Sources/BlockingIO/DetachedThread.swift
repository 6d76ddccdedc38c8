#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts an operating-system thread that runs a closure and ends, as Foundation's `Thread` would, without linking
/// Foundation (see ``ThreadCondition`` for why).
enum DetachedThread {
    /// Runs `body` on a new detached thread. Returns false if the system refused to create one.
    @discardableResult
    static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let created = pthread_create(
            &thread,
            nil,
            { argument in
                // Glibc passes the argument as optional, Darwin does not; `as` fits both.
                let box: UnsafeMutableRawPointer? = argument
                guard let box else { return nil }
                Unmanaged<Body>.fromOpaque(box).takeRetainedValue().run()
                return nil
            },
            box
        )
        guard created == 0 else {
            Unmanaged<Body>.fromOpaque(box).release()
            return false
        }
        #if canImport(Glibc)
        pthread_detach(thread)
        #else
        if let thread { pthread_detach(thread) }
        #endif
        return true
    }

    /// The closure, boxed so it can travel through pthread's `void *` argument.
    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}
