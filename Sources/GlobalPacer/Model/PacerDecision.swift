/// The pacer's answer to one request.
public enum PacerDecision: Sendable, Hashable {
    /// Send the request now; it has been recorded in every window that applies and holds an open-request slot.
    case go(PacerPermit)
    /// Do not send it yet. Nothing was recorded.
    ///
    /// The duration is measured on the Redis server's clock: the time until the blocking rule frees a slot (the
    /// oldest entry leaves the window, or the cooldown ends). When several rules block, it is the longest of their
    /// waits and `rule` is that rule. For ``PacerRule/openRequests`` it is the time until the earliest lease runs
    /// out, capped at ``PacerConfiguration/openRequestPollInterval`` since a release may come sooner. Another
    /// worker may take the slot first, so ask again after waiting.
    case wait(Duration, rule: PacerRule)

    /// The permit, if the answer is go.
    public var permit: PacerPermit? {
        if case .go(let permit) = self { return permit }
        return nil
    }
}
