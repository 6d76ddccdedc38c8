import BackfillCHiredis
import BlockingIO
import Logging

/// One connection to Redis over hiredis, with its own thread.
///
/// Every method runs on a ``DedicatedThreadExecutor`` owned by this actor, so hiredis's blocking calls never
/// occupy Swift's cooperative pool and the `redisContext` is only ever touched from that one thread. Methods are
/// synchronous inside the actor: callers outside `await` them, and a pipeline or script runs without any other
/// command of this connection in between.
///
/// A blocking consumer (`BLMOVE … timeout`) should have a connection of its own: while it waits, this connection's
/// thread is busy, but no other connection's is.
///
/// Failures: an error reply throws ``RedisError`` with code `.server` and leaves the connection usable. An I/O
/// error or timeout throws `.connectionLost` and drops the context; the next call connects again (and repeats
/// AUTH and SELECT). A command that failed that way is never re-sent automatically, since it may have run.
///
/// Lifecycle (``ConnectionLifecycle``, shared with PQKit): call ``close()`` when done; if you do not, the context is
/// freed and the thread ended when the connection goes away.
public actor RedisConnection: BlockingConnection {
    public nonisolated let configuration: RedisConfiguration
    public nonisolated let lifecycle: ConnectionLifecycle<HiredisContext>
    private let logger: Logger
    /// The live hiredis context, or nil when not connected (never connected, broken, or closed).
    private var context: UnsafeMutablePointer<redisContext>? { lifecycle.handle?.pointer }
    /// Lua source → SHA1 returned by `SCRIPT LOAD` on this server.
    private var scriptSHAs: [String: String] = [:]

    public static let loggerLabel = "backfill.redis"

    /// Creates a connection without connecting; the first command connects.
    public init(configuration: RedisConfiguration, logger: Logger = Logger(label: loggerLabel)) {
        self.configuration = configuration
        self.logger = logger
        self.lifecycle = ConnectionLifecycle(threadName: "redis \(configuration.endpointDescription)")
    }

    // MARK: Commands

    /// Sends one command and waits for its reply.
    ///
    /// - Throws: ``RedisError``: `.server` for an error reply (prefix kept), `.connectionLost` or
    ///   `.connectionFailed` for I/O failures.
    @discardableResult
    public func send(_ command: RedisCommand) throws(RedisError) -> RedisReply {
        let context = try connectIfNeeded()
        let raw = command.withArgv { argc, argv, argvlen in
            redisCommandArgv(context, argc, argv, argvlen)
        }
        guard let raw else { throw connectionLost(during: command.name) }
        let reply = RedisReply(copying: raw)
        freeReplyObject(raw)
        if case .error(let text) = reply { throw RedisError.server(text) }
        return reply
    }

    /// Sends `name` with `arguments`: `try await redis.send("SET", key, value)`.
    @discardableResult
    public func send(_ name: String, _ arguments: any RedisArgument...) throws(RedisError) -> RedisReply {
        try send(RedisCommand(name, arguments: arguments))
    }

    /// Sends many commands in one write and reads all their replies.
    ///
    /// Error replies come back in place as ``RedisReply/error(_:)`` so one failing command does not hide the
    /// others' results. Nothing else runs on this connection in between.
    ///
    /// - Throws: `.connectionLost` if the connection breaks part way; which commands ran is then unknown.
    public func pipeline(_ commands: [RedisCommand]) throws(RedisError) -> [RedisReply] {
        guard !commands.isEmpty else { return [] }
        let context = try connectIfNeeded()
        for command in commands {
            let status = command.withArgv { argc, argv, argvlen in
                redisAppendCommandArgv(context, argc, argv, argvlen)
            }
            // Appending only fails when hiredis cannot allocate; the buffer is then in an unknown state.
            guard status == REDIS_OK else { throw connectionLost(during: "pipeline") }
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else {
                throw connectionLost(during: "pipeline")
            }
            replies.append(RedisReply(copying: raw))
            freeReplyObject(raw)
        }
        return replies
    }

    // MARK: Scripts

    /// Runs a Lua script by SHA, loading it first if this connection has not yet, and again after `NOSCRIPT`.
    @discardableResult
    public func evaluate(
        _ script: RedisScript,
        keys: [any RedisArgument] = [],
        arguments: [any RedisArgument] = []
    ) throws(RedisError) -> RedisReply {
        var sha = try scriptSHA(script)
        for attempt in 1...2 {
            var command = RedisCommand("EVALSHA", sha, keys.count)
            for key in keys { command.append(key) }
            for argument in arguments { command.append(argument) }
            do {
                return try send(command)
            } catch let error where error.serverPrefix == "NOSCRIPT" && attempt == 1 {
                logger.debug("Redis forgot a script; loading it again", metadata: ["script": "\(script.name)"])
                scriptSHAs[script.source] = nil
                sha = try scriptSHA(script)
            }
        }
        // The second attempt either returned or threw.
        throw RedisError(.unexpectedReply, "Redis kept answering NOSCRIPT for script \(script.name).")
    }

    private func scriptSHA(_ script: RedisScript) throws(RedisError) -> String {
        if let sha = scriptSHAs[script.source] { return sha }
        let reply = try send("SCRIPT", "LOAD", script.source)
        guard let sha = reply.string else {
            throw RedisError(.unexpectedReply, "SCRIPT LOAD for \(script.name) returned no SHA.")
        }
        scriptSHAs[script.source] = sha
        return sha
    }

    // MARK: Connection management

    /// Connects now rather than on the first command.
    public func open() throws(RedisError) {
        try connectIfNeeded()
    }

    @discardableResult
    private func connectIfNeeded() throws(RedisError) -> UnsafeMutablePointer<redisContext> {
        if let context { return context }
        guard !lifecycle.isClosed else { throw RedisError(.closed, "The Redis connection was closed.") }
        let connectTimeout = backfill_timeval_ms(configuration.connectTimeout.milliseconds)
        let opened: UnsafeMutablePointer<redisContext>?
        switch configuration.endpoint {
        case .tcp(let host, let port):
            opened = redisConnectWithTimeout(host, Int32(port), connectTimeout)
        case .unixSocket(let path):
            opened = redisConnectUnixWithTimeout(path, connectTimeout)
        }
        guard let opened else {
            throw RedisError(
                .connectionFailed,
                "Cannot connect to Redis at \(configuration.endpointDescription): out of memory."
            )
        }
        if opened.pointee.err != 0 {
            let reason = Self.errorText(of: opened)
            redisFree(opened)
            throw RedisError(
                .connectionFailed,
                "Cannot connect to Redis at \(configuration.endpointDescription): \(reason)."
            )
        }
        redisSetTimeout(opened, backfill_timeval_ms(configuration.commandTimeout.milliseconds))
        lifecycle.adopt(HiredisContext(opened))
        do {
            try handshake()
        } catch {
            lifecycle.drop()
            // A refused AUTH or SELECT is a failure to connect, whatever the server called it.
            throw RedisError(
                .connectionFailed,
                "Redis at \(configuration.endpointDescription) refused the connection setup: \(error.message)",
                serverPrefix: error.serverPrefix
            )
        }
        logger.debug("Connected to Redis", metadata: ["redis": "\(configuration)"])
        return opened
    }

    private func handshake() throws(RedisError) {
        if let password = configuration.password {
            if let user = configuration.username {
                try send("AUTH", user, password)
            } else {
                try send("AUTH", password)
            }
        }
        if configuration.database != 0 {
            try send("SELECT", configuration.database)
        }
        if let name = configuration.clientName {
            try send("CLIENT", "SETNAME", name)
        }
    }

    /// Frees a broken context and returns the error to throw; the next command reconnects.
    private func connectionLost(during operation: String) -> RedisError {
        let reason = context.map(Self.errorText(of:)) ?? "no connection"
        lifecycle.drop()
        logger.debug("Redis connection lost", metadata: ["operation": "\(operation)", "reason": "\(reason)"])
        return RedisError(
            .connectionLost,
            "Lost the connection to Redis at \(configuration.endpointDescription) during \(operation): \(reason)."
        )
    }

    private static func errorText(of context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            let bytes = raw.prefix(while: { $0 != 0 })
            let text = String(decoding: bytes, as: UTF8.self)
            return text.isEmpty ? "I/O error \(context.pointee.err)" : text
        }
    }
}
