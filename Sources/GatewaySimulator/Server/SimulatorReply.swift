import Foundation
import NIOCore
import TWSProtocol

/// What the simulator sends back for one client message.
struct SimulatorReply: Sendable {
    var messages: [TWSMessage] = []
    /// Extra delay before sending (configured latency, soft throttling).
    var delay: Duration = .zero
    /// Close the connection after sending.
    var disconnect = false
    /// The historical request this answers: it is in flight (cancellable) until sent, then its open-request
    /// slot is freed.
    var inFlight: RequestIdentity?
    /// What is expensive to make (bars, ticks), made off the event loop once the request has been judged, and sent
    /// after `messages`. A gateway judges a request when it arrives: a loop busy making one client's bars would
    /// read, and so time, the next client's request late (issue 11's auditor once saw 61 in a window that way).
    var later: (@Sendable () -> [TWSMessage])?
    /// `messages` already encoded, with what `later` made, on the same thread pool: a reply of thousands of bars
    /// takes a debug build a noticeable time to encode, and the loop that sends it also reads and times other
    /// clients' requests. Nil when the loop encodes `messages` itself (small replies).
    var frames: ByteBuffer?

    static let none = SimulatorReply()

    /// The reply with `later`'s messages made and everything encoded for `serverVersion`; for the thread pool.
    func made(serverVersion: Int) -> SimulatorReply {
        var ready = self
        ready.messages += later?() ?? []
        ready.later = nil
        var buffer = ByteBufferAllocator().buffer(capacity: 256)
        for message in ready.messages { buffer.writeTWSFrame(message.fields(serverVersion: serverVersion)) }
        ready.frames = buffer
        return ready
    }

    static func error(_ requestID: Int, _ code: Int, _ text: String) -> SimulatorReply {
        SimulatorReply(messages: [
            .error(IBError(requestID: requestID, code: code, message: text, errorTime: epochMilliseconds()))
        ])
    }
}

/// Wall-clock epoch milliseconds, for errMsg's errorTime.
func epochMilliseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
}
