/// The mutable state shared by all sessions of one simulated gateway; guarded by the gateway's mutex.
import NIOCore

struct SimulatorGatewayState {
    /// Ready sessions, for broadcasts (farm notices) and for dropping everyone on a restart.
    var sessions: [UInt64: (channel: any Channel, serverVersion: Int)] = [:]
    var clients = SimulatorClientRegistry()
    var pacing: PacingEngine
    var nextSession: UInt64 = 0
    var connectionsAccepted = 0
    /// Between an injected 2105 and its 2106.
    var historicalFarmDown = false
    /// Between an injected 1100 and its 1102.
    var ibConnectivityLost = false
    /// Replies sent, for the every-Nth-reply faults.
    var repliesSent = 0

    init(pacing: PacingConfiguration) {
        self.pacing = PacingEngine(configuration: pacing)
    }
}
