import BlockingIO
import RedisKit

extension GlobalPacer {
    /// A snapshot of this gateway's windows, open requests, cooldown and large-bar rate, for `backfill status`.
    ///
    /// Read-only: it writes nothing, so it can run as often as a dashboard likes.
    ///
    /// - Throws: ``PacerError``.
    public func state() async throws(PacerError) -> PacerState {
        let c = configuration
        let reply = try await runOnFleetClock(
            PacerScript.state,
            keys: [
                keys.rolling, keys.identical, keys.open, keys.messages, keys.cooldown, keys.largeBars, keys.adaptive,
            ],
            arguments: [
                c.windowMilliseconds(c.rollingWindow), c.windowMilliseconds(c.identicalWindow),
                c.windowMilliseconds(c.messageWindow), c.windowMilliseconds(c.largeBars.rateWindow),
            ] + adaptiveArguments
        )
        let parts = try reply.elements()
        func int(_ index: Int) throws(PacerError) -> Int64 { try parts.element(index).number() }
        return PacerState(
            gateway: gateway,
            time: try int(0),
            rollingCount: Int(try int(1)),
            identicalCount: Int(try int(2)),
            openRequests: Int(try int(3)),
            messageCount: Int(try int(4)),
            cooldownRemaining: .milliseconds(try int(5)),
            cooldownLevel: Int(try int(6)),
            largeBarCount: Int(try int(7)),
            largeBarRate: try parts.element(8).decimal(),
            clockHeldBack: .milliseconds(try int(9))
        )
    }
}
