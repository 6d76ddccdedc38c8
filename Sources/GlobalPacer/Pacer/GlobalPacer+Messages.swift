import BlockingIO
import RedisKit

extension GlobalPacer {
    /// Records messages in the message-rate window.
    ///
    /// For messages other than paced requests, which ``decide(_:)`` counts itself: the cancel our client sends
    /// after a head timestamp arrives, or after a request timed out. Cooldowns do not apply: a cancel only
    /// lightens IB's load.
    ///
    /// - Parameters:
    ///   - count: messages, 1 to ``PacerConfiguration/messageLimit``.
    ///   - waitingForRoom: when true, records them only if they fit and otherwise returns how long until they
    ///     do; when false (the default) records them regardless, for messages already sent.
    /// - Returns: nil when recorded, else the wait.
    /// - Throws: ``PacerError``: `.invalidArgument` for a count out of range.
    @discardableResult
    public func recordMessages(_ count: Int, waitingForRoom: Bool = false) async throws(PacerError) -> Duration? {
        guard (1...configuration.messageLimit).contains(count) else {
            throw PacerError(
                .invalidArgument,
                "A message count must be 1 to \(configuration.messageLimit), not \(count)."
            )
        }
        let reply = try await runOnFleetClock(
            PacerScript.messages,
            keys: [keys.messages],
            arguments: [
                Self.makeToken(), count, configuration.windowMilliseconds(configuration.messageWindow),
                configuration.messageLimit, waitingForRoom ? 1 : 0,
            ]
        )
        let parts = try reply.elements()
        if try parts.element(0).number() == 1 { return nil }
        return .milliseconds(try parts.element(1).number())
    }
}
