import Foundation

/// One thing the simulated gateway saw or did, as written to the audit log.
///
/// The audit log is how tests and operators prove what a client sent and which rules it broke, so every event
/// carries the wall-clock time the caller observed it (``SimulatorClock/wallTime()`` in the server, fixed dates
/// in tests). Each event becomes one JSON object on one line; see ``jsonLine`` for the keys.
public enum AuditEvent: Sendable, Hashable {
    /// A request message received from a client, e.g. `reqHistoricalData` with its decoded parameters.
    case request(time: Date, clientId: Int, message: String, reqId: Int?, parameters: [String: String])

    /// A rule judged broken for a client's message or request; `rule` is a stable ``PacingRule/identifier``.
    case ruleBroken(time: Date, clientId: Int, reqId: Int?, rule: String, errorCode: Int?, errorText: String?)

    /// A client completed the handshake and `startApi` with this client id.
    case connected(time: Date, clientId: Int)

    /// A connection refused at `startApi`, normally error 326 for a client id already in use.
    case connectionRejected(time: Date, clientId: Int, errorCode: Int, errorText: String)

    /// A connection ended; `clientId` is `nil` when it ended before `startApi`.
    case disconnected(time: Date, clientId: Int?, reason: String)

    /// A fault the simulator injected on purpose (farm disconnect, error 1100, dropped socket…).
    case faultInjected(time: Date, clientId: Int?, fault: String, details: [String: String])

    /// An event loop of the simulator ran `milliseconds` late (a starved machine): requests read on it meanwhile
    /// were timed late, so a burst the audit shows may be the simulator's lateness, not the client's sending.
    case loopStalled(time: Date, milliseconds: Int)

    /// The text of error 326.
    public static let clientIdInUseText =
        "Unable to connect as the client id is already in use. Retry with a unique client id."

    /// A ``ruleBroken(time:clientId:reqId:rule:errorCode:errorText:)`` event for a ``PacingRule``.
    public static func violation(of rule: PacingRule, time: Date, clientId: Int, reqId: Int?) -> AuditEvent {
        .ruleBroken(
            time: time,
            clientId: clientId,
            reqId: reqId,
            rule: rule.identifier,
            errorCode: rule.errorCode,
            errorText: rule.errorMessage
        )
    }

    /// A ``connectionRejected(time:clientId:errorCode:errorText:)`` event for error 326.
    public static func clientIdInUse(time: Date, clientId: Int) -> AuditEvent {
        .connectionRejected(time: time, clientId: clientId, errorCode: 326, errorText: clientIdInUseText)
    }

    /// The `event` value in JSON: `request`, `rule`, `connect`, `connect-rejected`, `disconnect`, `fault` or
    /// `stall`.
    public var name: String {
        switch self {
        case .request: "request"
        case .ruleBroken: "rule"
        case .connected: "connect"
        case .connectionRejected: "connect-rejected"
        case .disconnected: "disconnect"
        case .faultInjected: "fault"
        case .loopStalled: "stall"
        }
    }

    /// When the event happened (wall clock).
    public var time: Date {
        switch self {
        case .request(let time, _, _, _, _), .ruleBroken(let time, _, _, _, _, _), .connected(let time, _),
            .connectionRejected(let time, _, _, _), .disconnected(let time, _, _), .faultInjected(let time, _, _, _),
            .loopStalled(let time, _):
            time
        }
    }

    /// The client concerned, if known.
    public var clientId: Int? {
        switch self {
        case .request(_, let clientId, _, _, _), .ruleBroken(_, let clientId, _, _, _, _),
            .connected(_, let clientId), .connectionRejected(_, let clientId, _, _):
            clientId
        case .disconnected(_, let clientId, _), .faultInjected(_, let clientId, _, _):
            clientId
        case .loopStalled:
            nil
        }
    }
}
