import TWSProtocol

/// What the gateway said about its data farms and its own link to IB.
public struct FarmStatus: Sendable, Hashable {
    /// False between 2105 ("HMDS data farm connection is broken") and 2106/2107 for any historical farm.
    public var historicalFarmAvailable = true
    /// False between 1100 (connectivity to IB lost) and 1101/1102.
    public var ibConnectivity = true
    /// Farm name → OK, from 2104/2106/2107/2108/2158 (true) and 2103/2105 (false).
    public var farms: [String: Bool] = [:]

    public init() {}

    /// Historical requests may be sent now.
    public var historicalRequestsAllowed: Bool { historicalFarmAvailable && ibConnectivity }

    mutating func apply(_ notice: IBError) {
        let farm = notice.message.split(separator: ":").last.map(String.init) ?? ""
        switch notice.code {
        case 2104, 2106, 2107, 2108, 2158:
            farms[farm] = true
            if notice.code == 2106 || notice.code == 2107 {
                historicalFarmAvailable = !farms.contains { $0.value == false && Self.isHistorical($0.key) }
            }
        case 2103, 2105:
            farms[farm] = false
            if notice.code == 2105 { historicalFarmAvailable = false }
        case 1100:
            ibConnectivity = false
        case 1101, 1102:
            ibConnectivity = true
        default:
            break
        }
    }

    private static func isHistorical(_ farm: String) -> Bool { farm.hasSuffix("hmds") }
}
