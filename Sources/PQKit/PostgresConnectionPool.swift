import Logging
import NIOConcurrencyHelpers

/// A few ``PostgresConnection``s lent out one call at a time, so that tasks sharing a database do not wait behind
/// each other's transactions (a worker's slots each commit a chunk's bars in a transaction of its own).
///
/// Connections are made when first lent (each has its own thread once connected), so a pool larger than the load
/// costs nothing. A call waits for a free connection when all are lent; waiting is fair (first come, first served)
/// and ends early if the waiting task is cancelled. ``cancelRunningStatements()`` cancels what every lent
/// connection is running; ``close()`` closes them all.
public final class PostgresConnectionPool: PostgresClient {
    private struct State {
        var idle: [Int]
        var nextWaiter = 0
        var waiters: [(id: Int, continuation: CheckedContinuation<Int?, Never>)] = []
        var closed = false
    }

    private let connections: [PostgresConnection]
    private let state: NIOLockedValueBox<State>

    /// - Parameters:
    ///   - configuration: How each connection connects.
    ///   - size: How many connections at most (at least 1).
    public init(
        configuration: PostgresConfiguration,
        size: Int,
        logger: Logger = Logger(label: PostgresConnection.loggerLabel)
    ) {
        let size = max(1, size)
        connections = (0..<size).map { _ in PostgresConnection(configuration: configuration, logger: logger) }
        state = NIOLockedValueBox(State(idle: Array((0..<size).reversed())))
    }

    /// How many connections the pool may open.
    public var size: Int { connections.count }

    public func withConnection<Result: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let index = try await lease()
        defer { giveBack(index) }
        return try await body(connections[index])
    }

    public func cancelRunningStatements() {
        let idle = state.withLockedValue { Set($0.idle) }
        for (index, connection) in connections.enumerated() where !idle.contains(index) {
            connection.cancelRunningStatement()
        }
    }

    /// Closes every connection; later calls throw `.closed`.
    public func close() async {
        let waiters = state.withLockedValue { state in
            state.closed = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
        for connection in connections { await connection.close() }
    }

    private func lease() async throws -> Int {
        let id = state.withLockedValue { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let index = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int?, Never>) in
                let now = state.withLockedValue { state -> Int?? in
                    if state.closed || Task.isCancelled { return .some(nil) }
                    if let index = state.idle.popLast() { return .some(index) }
                    state.waiters.append((id, continuation))
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLockedValue { state -> CheckedContinuation<Int?, Never>? in
                guard let position = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: position).continuation
            }
            waiter?.resume(returning: nil)
        }
        guard let index else {
            if state.withLockedValue({ $0.closed }) { throw PostgresError(.closed, "The PostgreSQL pool was closed.") }
            throw CancellationError()
        }
        return index
    }

    private func giveBack(_ index: Int) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Int?, Never>? in
            guard !state.waiters.isEmpty else {
                state.idle.append(index)
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        waiter?.resume(returning: index)
    }
}
