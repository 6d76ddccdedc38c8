/// What a connection actor keeps about its C handle: the thread it is used on, the handle's owner while a
/// connection is open, and whether its owner closed it for good.
///
/// Redis and PostgreSQL connections live the same way: created without connecting, connected by the first call,
/// dropped on an I/O error (the next call connects again) and closed once, after which nothing reconnects. This
/// class is that life, so each actor only says how to open its own handle.
///
/// `Handle` is the small class that frees the C handle in its `deinit`: dropping the reference closes the
/// connection, here and when the actor goes away without ``close()``.
///
/// `@unchecked Sendable`: the owning actor runs on ``executor`` and touches ``handle`` and ``isClosed`` only from
/// its isolated methods, so they are only ever used from that one thread; `deinit` runs when nothing else can
/// reach them.
public final class ConnectionLifecycle<Handle: AnyObject>: @unchecked Sendable {
    /// The thread the connection's methods run on; return it from the actor's `unownedExecutor`.
    package let executor: DedicatedThreadExecutor
    /// The open handle, or nil when not connected (never connected, broken, or closed).
    package private(set) var handle: Handle?
    /// True once the owner called ``close()``: the connection must not open again.
    package private(set) var isClosed = false

    /// Starts the connection's thread; nothing is connected yet.
    ///
    /// - Parameter threadName: shown by debuggers and `top -H`, e.g. `redis 127.0.0.1:6379`.
    package init(threadName: String) {
        executor = DedicatedThreadExecutor(name: threadName)
    }

    deinit {
        // The handle is freed by its owner as it is released with this object.
        executor.shutdown()
    }

    /// The executor in the form an actor's `unownedExecutor` returns.
    public var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Whether a handle is open now (false after an I/O error until the next call reconnects).
    public var isOpen: Bool { handle != nil }

    /// Keeps a freshly opened handle.
    package func adopt(_ opened: Handle) {
        handle = opened
    }

    /// Frees a broken handle; the next call opens a new one.
    package func drop() {
        handle = nil
    }

    /// Frees the handle and lets the thread end; later calls must fail as closed. Safe to call twice.
    public func close() {
        isClosed = true
        drop()
        executor.shutdown()
    }
}
