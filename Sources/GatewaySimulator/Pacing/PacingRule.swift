/// A limit the simulated gateway enforces, with the stable name the audit log uses and the error TWS sends.
///
/// A struct over a private enum rather than a public enum, so that rules can be added without breaking
/// anyone's `switch`. ``identifier`` names the rule as IB states it ("identical-15s", "rolling-10min") and does
/// not change with ``PacingConfiguration/scale`` or other settings, so audit logs from fast and real-time runs
/// can be compared. Error texts are copied exactly from ib-protocol.md §4 and §5: clients match on them.
public struct PacingRule: Sendable, Hashable, CustomStringConvertible {
    private enum Base: Hashable, CaseIterable {
        case identicalRequest
        case perContract
        case rollingWindow
        case openRequests
        case messageRate
        case softThrottleFlood
    }

    private let base: Base

    private init(_ base: Base) {
        self.base = base
    }

    /// An identical request (every parameter equal) less than 15 seconds after an earlier one.
    public static let identicalRequest = PacingRule(.identicalRequest)

    /// A sixth request unit for one contract, exchange and whatToShow within 2 seconds.
    public static let perContract = PacingRule(.perContract)

    /// A 61st request unit within any 10 minutes, gateway-wide.
    public static let rollingWindow = PacingRule(.rollingWindow)

    /// A 51st simultaneously open historical request, gateway-wide (error 322).
    public static let openRequests = PacingRule(.openRequests)

    /// A 51st inbound message from one client within one second (error 100).
    public static let messageRate = PacingRule(.messageRate)

    /// A client flooding the gateway with large-bar requests; TWS drops the connection without an error
    /// message. This rule belongs to the soft-throttle model, not to IB's documentation.
    public static let softThrottleFlood = PacingRule(.softThrottleFlood)

    /// Every rule, in the order the engine checks them.
    public static let all: [PacingRule] = Base.allCases.map(PacingRule.init)

    /// The text of error 162 for any of the three historical pacing rules.
    public static let pacingViolationText =
        "Historical Market Data Service error message:Historical data request pacing violation"

    /// The text of error 322 for too many open historical requests.
    ///
    /// IB's text says 50 whatever limit the simulator is configured with, because clients match on it.
    public static let openRequestsText =
        "Error processing request:-'wd' : cause - Only 50 simultaneous API historical data requests allowed."

    /// The text of error 100 for too many messages per second.
    public static let messageRateText = "Max rate of messages per second has been exceeded."

    /// The stable name used in audit logs and summaries.
    public var identifier: String {
        switch base {
        case .identicalRequest: "identical-15s"
        case .perContract: "per-contract-2s"
        case .rollingWindow: "rolling-10min"
        case .openRequests: "open-requests-50"
        case .messageRate: "message-rate-50s"
        case .softThrottleFlood: "soft-throttle-flood"
        }
    }

    /// The TWS error code sent to the client, or `nil` when TWS just closes the connection.
    public var errorCode: Int? {
        switch base {
        case .identicalRequest, .perContract, .rollingWindow: 162
        case .openRequests: 322
        case .messageRate: 100
        case .softThrottleFlood: nil
        }
    }

    /// The TWS error text sent with ``errorCode``, or `nil` when there is none.
    public var errorMessage: String? {
        switch base {
        case .identicalRequest, .perContract, .rollingWindow: Self.pacingViolationText
        case .openRequests: Self.openRequestsText
        case .messageRate: Self.messageRateText
        case .softThrottleFlood: nil
        }
    }

    /// The rule with this ``identifier``, if any.
    public init?(identifier: String) {
        guard let base = Base.allCases.first(where: { PacingRule($0).identifier == identifier }) else {
            return nil
        }
        self.base = base
    }

    /// The ``identifier``.
    public var description: String {
        identifier
    }
}
