import Foundation

/// Counts over audit events: what clients asked for, which rules they broke, and when.
///
/// ``AuditLog`` keeps one up to date; the server prints its ``text`` on exit or on `SIGUSR1`, and tests
/// compare counts. ``jsonText`` carries the same numbers for scripts. A plain value: build one with
/// ``init(events:)`` from a recorded list, or ``add(_:)`` events one by one.
public struct AuditSummary: Sendable, Hashable {
    /// Events added, of every kind.
    public private(set) var eventCount = 0

    /// Requests by message name (`reqHistoricalData`, `reqHeadTimeStamp`, …).
    public private(set) var requestsByMessage: [String: Int] = [:]

    /// Broken rules by ``PacingRule/identifier``.
    public private(set) var violationsByRule: [String: Int] = [:]

    /// Requests by client id.
    public private(set) var requestsByClient: [Int: Int] = [:]

    /// Broken rules by client id.
    public private(set) var violationsByClient: [Int: Int] = [:]

    /// Accepted connections.
    public private(set) var connections = 0

    /// Connections refused at `startApi` (e.g. 326).
    public private(set) var rejectedConnections = 0

    /// Ended connections.
    public private(set) var disconnections = 0

    /// Injected faults by name.
    public private(set) var faultsByName: [String: Int] = [:]

    /// The longest event-loop stall recorded (`stall` events), 0 if none.
    public private(set) var longestStallMilliseconds = 0

    /// The earliest event time seen.
    public private(set) var firstTime: Date?

    /// The latest event time seen.
    public private(set) var lastTime: Date?

    /// An empty summary.
    public init() {}

    /// A summary of `events`.
    public init(events: some Sequence<AuditEvent>) {
        for event in events { add(event) }
    }

    /// Requests of every message.
    public var requestCount: Int {
        requestsByMessage.values.reduce(0, +)
    }

    /// Broken rules of every kind.
    public var violationCount: Int {
        violationsByRule.values.reduce(0, +)
    }

    /// Counts one more event.
    ///
    /// First and last times are the minimum and maximum seen, so events recorded slightly out of order by
    /// concurrent connections still give the right span.
    public mutating func add(_ event: AuditEvent) {
        eventCount += 1
        let time = event.time
        firstTime = min(firstTime ?? time, time)
        lastTime = max(lastTime ?? time, time)
        switch event {
        case .request(_, let clientId, let message, _, _):
            requestsByMessage[message, default: 0] += 1
            requestsByClient[clientId, default: 0] += 1
        case .ruleBroken(_, let clientId, _, let rule, _, _):
            violationsByRule[rule, default: 0] += 1
            violationsByClient[clientId, default: 0] += 1
        case .connected:
            connections += 1
        case .connectionRejected:
            rejectedConnections += 1
        case .disconnected:
            disconnections += 1
        case .faultInjected(_, _, let fault, _):
            faultsByName[fault, default: 0] += 1
        case .loopStalled(_, let milliseconds):
            longestStallMilliseconds = max(longestStallMilliseconds, milliseconds)
        }
    }
}
