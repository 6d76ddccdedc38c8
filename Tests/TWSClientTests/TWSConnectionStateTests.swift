import TWSProtocol
import Testing

@testable import TWSClient

/// The connection's state machine on its own: fields in, effects out, no socket.
@Suite struct TWSConnectionStateTests {
    /// A state that has completed the handshake at `version`.
    static func ready(version: Int = 200) -> TWSConnectionState {
        var state = TWSConnectionState()
        _ = state.receive(TWSFields(["\(version)", "20240105 16:00:00 EST"]), clientID: 1)
        _ = state.receive(TWSFields(["15", "1", "DU1"]), clientID: 1)
        _ = state.receive(TWSFields(["9", "1", "1"]), clientID: 1)
        return state
    }

    @Test func handshakeSendsStartApiThenBecomesReady() {
        var state = TWSConnectionState()
        // Anything before the two-field version reply is ignored, as the official client does.
        #expect(state.receive(TWSFields(["junk", "a", "b"]), clientID: 7).send.isEmpty)
        let effects = state.receive(TWSFields(["200", "20240105 16:00:00 EST"]), clientID: 7)
        #expect(effects.send == [.startAPI(clientID: 7, optionalCapabilities: "")])
        #expect(state.serverVersion == 200)
        _ = state.receive(TWSFields(["9", "1", "1"]), clientID: 7)
        #expect(state.handshakeResult == nil)
        _ = state.receive(TWSFields(["15", "1", "DU1,DU2"]), clientID: 7)
        #expect(state.accounts == ["DU1", "DU2"])
        guard case .success? = state.handshakeResult else {
            Issue.record("not ready")
            return
        }
    }

    @Test(arguments: [150, 175, 201])
    func versionsOutsideTheSupportedRangeAreRefused(version: Int) {
        var state = TWSConnectionState()
        let effects = state.receive(TWSFields(["\(version)", "now"]), clientID: 1)
        #expect(effects.close)
        #expect(state.closedError?.code == .unsupportedServerVersion)
    }

    @Test func clientIDInUseDuringTheHandshake() {
        var state = TWSConnectionState()
        _ = state.receive(TWSFields(["200", "now"]), clientID: 3)
        let effects = state.receive(
            TWSFields(["4", "-1", "326", "Unable to connect as the client id is already in use.", "", "0"]),
            clientID: 3
        )
        #expect(effects.close)
        #expect(state.closedError?.code == .clientIDInUse)
        guard case .failure(let error)? = state.handshakeResult else {
            Issue.record("handshake not failed")
            return
        }
        #expect(error.classification == .connection)
    }

    @Test func socketPortResetEndsTheConnection() {
        var state = Self.ready()
        let effects = state.receive(
            TWSFields([
                "4", "-1", "1300", "TWS socket port has been reset and this connection is being dropped.", "", "0",
            ]),
            clientID: 1
        )
        #expect(effects.close)
        #expect(state.closedError?.code == .connectionLost)
        #expect(state.closedError?.ibError?.code == 1300)
    }

    @Test func farmNoticesUpdateTheStatus() {
        var state = Self.ready()
        let down = state.receive(
            TWSFields(["4", "-1", "2105", "HMDS data farm connection is broken:ushmds", "", "0"]),
            clientID: 1
        )
        #expect(!state.farmStatus.historicalRequestsAllowed)
        #expect(down.events.count == 1)
        _ = state.receive(
            TWSFields(["4", "-1", "2106", "HMDS data farm connection is OK:ushmds", "", "0"]),
            clientID: 1
        )
        #expect(state.farmStatus.historicalRequestsAllowed)
        _ = state.receive(
            TWSFields(["4", "-1", "1100", "Connectivity between IB and Trader Workstation has been lost.", "", "0"]),
            clientID: 1
        )
        #expect(!state.farmStatus.historicalRequestsAllowed)
        _ = state.receive(
            TWSFields(["4", "-1", "1102", "Connectivity … restored - data maintained.", "", "0"]),
            clientID: 1
        )
        #expect(state.farmStatus.historicalRequestsAllowed)
        #expect(state.closedError == nil)
    }

    @Test func malformedMessagesEndTheConnection() {
        var state = Self.ready()
        let effects = state.receive(TWSFields(["17", "1", "99", "x"]), clientID: 1)
        #expect(effects.close)
        #expect(state.closedError?.code == .protocolViolation)
    }

    @Test func abandoningAnUnknownRequestRemembersItForLaterRegistration() {
        var state = Self.ready()
        let effects = state.abandon(42, with: TWSClientError(.cancelled, "cancelled"))
        #expect(effects.send.isEmpty)
        #expect(state.cancelledBeforeRegistration.contains(42))
    }
}
