import BlockingIO
import Logging
import NIOCore
import Synchronization
import TWSProtocol

/// The state of one connection and the means to act on it, shared by the channel handler and the public API.
final class TWSConnectionCore: Sendable {
    let state = Mutex(TWSConnectionState())
    let clientID: Int
    let logger: Logger
    let events: AsyncStream<TWSEvent>
    private let eventSink: AsyncStream<TWSEvent>.Continuation
    /// The next gateway notice (farm status, IB connectivity) or the end of the connection, as a signal that is
    /// replaced each time it fires, with how many have fired (so a notice between a caller's look and its wait is
    /// not missed).
    private let statusChange = Mutex((generation: 0, signal: OneShotSignal()))

    init(clientID: Int, logger: Logger) {
        self.clientID = clientID
        self.logger = logger
        (events, eventSink) = AsyncStream.makeStream(of: TWSEvent.self, bufferingPolicy: .bufferingNewest(256))
    }

    /// Resumes continuations, writes requests and closes the channel, in that order, outside the lock.
    func perform(_ effects: TWSConnectionState.Effects, on channel: (any Channel)?) {
        for resume in effects.resume { resume() }
        if let channel, !effects.send.isEmpty {
            let version = state.withLock { $0.serverVersion }
            for request in effects.send { write(request, serverVersion: version, on: channel) }
        }
        for event in effects.events {
            if case .notice(let notice) = event {
                logger.debug("Gateway notice", metadata: ["ib.code": "\(notice.code)", "ib.text": "\(notice.message)"])
            }
            eventSink.yield(event)
            if case .disconnected = event { eventSink.finish() }
        }
        if effects.close, let channel { channel.close(promise: nil) }
        if effects.events.contains(where: {
            if case .notice = $0 { true } else if case .disconnected = $0 { true } else { false }
        }) {
            wakeStatusWaiters()
        }
    }

    /// How many status changes have fired so far.
    var statusGeneration: Int { statusChange.withLock { $0.generation } }

    /// Wakes every caller of ``waitForStatusChange(after:)``.
    func wakeStatusWaiters() {
        let fired = statusChange.withLock { change -> OneShotSignal in
            defer { change = (change.generation + 1, OneShotSignal()) }
            return change.signal
        }
        fired.trigger()
    }

    /// Returns at the first change after `generation` (at once if one happened already), or when the task is
    /// cancelled.
    func waitForStatusChange(after generation: Int) async {
        let change = statusChange.withLock { $0 }
        guard change.generation == generation else { return }
        await change.signal.wait()
    }

    /// Changes the state under the lock and performs what the change asks for, outside it.
    func update(on channel: (any Channel)?, _ change: (inout TWSConnectionState) -> TWSConnectionState.Effects) {
        perform(state.withLock { change(&$0) }, on: channel)
    }

    func write(_ request: TWSRequest, serverVersion: Int, on channel: any Channel) {
        channel.writeAndFlush(Self.frame(request, serverVersion: serverVersion, on: channel), promise: nil)
    }

    /// The request as one TWS frame.
    private static func frame(_ request: TWSRequest, serverVersion: Int, on channel: any Channel) -> ByteBuffer {
        var buffer = channel.allocator.buffer(capacity: 128)
        buffer.writeTWSFrame(request.fields(serverVersion: serverVersion))
        return buffer
    }

    /// Writes a request only if its gate's deadline has not passed when the event loop gets to it, and reports
    /// the outcome; `expired` runs (on the loop) instead of the write when it has.
    ///
    /// The check runs on the event loop right before the write, so however long the caller or the loop was
    /// delayed, nothing is written after the deadline.
    func write(
        _ request: TWSRequest,
        serverVersion: Int,
        on channel: any Channel,
        gate: SendGate,
        expired: @escaping @Sendable () -> Void
    ) {
        let frame = Self.frame(request, serverVersion: serverVersion, on: channel)
        channel.eventLoop.execute {
            guard ContinuousClock.now < gate.deadline else {
                gate.report(.notSent)
                expired()
                return
            }
            let promise = channel.eventLoop.makePromise(of: Void.self)
            promise.futureResult.whenComplete { result in
                switch result {
                case .success: gate.report(.written)
                case .failure: gate.report(.writeFailed)
                }
            }
            channel.writeAndFlush(frame, promise: promise)
        }
    }
}
