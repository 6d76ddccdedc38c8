/// TWS's inbound message-rate limit in reject mode: 50 messages per second per client, three strikes.
///
/// Every message a client sends counts, whatever its kind. A message that would be the 51st within any
/// `1 * scale` second window is rejected with error 100 and counts as one violation (ib-protocol.md §4.2: with
/// "Reject messages above maximum allowed message rate" checked, three violations end the API session). The
/// third violation in a client's session returns ``Verdict/disconnect`` instead. Rejected messages are not
/// recorded in the window, so a client that slows down is served again once its window slides.
///
/// IB derives the limit from the market-data lines of the account (lines / 2), so it is per account; with one
/// client per account in practice we keep it per client id (our choice), which also keeps clients of a
/// test from disturbing each other.
///
/// A value-type state machine: the server keeps it, usually inside ``PacingEngine``, behind its own lock.
public struct MessageRateLimiter: Sendable, Hashable {
    /// What to do with one inbound message.
    public enum Verdict: Sendable, Hashable {
        /// Process the message.
        case accepted
        /// Drop the message and send error 100; `violations` counts this one.
        case rejected(violations: Int)
        /// Drop the message and close the client's connection: this was its last allowed violation.
        case disconnect
    }

    private struct ClientState: Sendable, Hashable {
        var window = PacingEngine.EventWindow()
        var violations = 0
    }

    /// The window in simulator seconds (already scaled).
    public let window: Double

    /// Messages allowed inside ``window``.
    public let limit: Int

    /// The violation that disconnects: 3 for TWS.
    public let violationsBeforeDisconnect: Int

    private var clients: [Int: ClientState] = [:]

    /// A limiter with the message settings of `configuration`.
    public init(configuration: PacingConfiguration = PacingConfiguration()) {
        self.window = configuration.scaled(configuration.messageWindow)
        self.limit = configuration.messageLimit
        self.violationsBeforeDisconnect = configuration.messageViolationsBeforeDisconnect
    }

    /// Judges one inbound message and, when it is accepted, records it.
    ///
    /// - Parameters:
    ///   - clientId: The sender.
    ///   - now: Monotonic simulator seconds.
    /// - Returns: Whether to process the message, reject it with error 100, or disconnect the client.
    public mutating func admit(clientId: Int, now: Double) -> Verdict {
        var state = clients[clientId] ?? ClientState()
        defer { clients[clientId] = state }
        if state.violations >= violationsBeforeDisconnect { return .disconnect }
        state.window.prune(now: now, window: window)
        guard state.window.total + 1 > limit else {
            state.window.append(weight: 1, at: now)
            return .accepted
        }
        state.violations += 1
        return state.violations >= violationsBeforeDisconnect ? .disconnect : .rejected(violations: state.violations)
    }

    /// A client's violations in its current session.
    public func violations(clientId: Int) -> Int {
        clients[clientId]?.violations ?? 0
    }

    /// Forgets a client whose session ended, so a reconnect starts with no violations.
    public mutating func reset(clientId: Int) {
        clients[clientId] = nil
    }
}
