import NIOCore
import Synchronization
import TWSProtocol

/// Sits after the frame decoder: sends the greeting, feeds every frame to the connection's state and carries out
/// what the state asks for (replies such as startApi, closing).
final class TWSClientHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let core: TWSConnectionCore

    init(core: TWSConnectionCore) {
        self.core = core
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(
            wrapOutboundOut(TWSGreeting.backfill.encoded(allocator: context.channel.allocator)),
            promise: nil
        )
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let payload = unwrapInboundIn(data)
        let effects: TWSConnectionState.Effects
        do {
            let fields = try TWSFields(payload: payload)
            effects = core.state.withLock { $0.receive(fields, clientID: core.clientID) }
        } catch {
            effects = core.state.withLock {
                $0.shutDown(
                    TWSClientError(
                        .protocolViolation,
                        "The gateway sent a malformed message: \("\(error)".withoutFinalPeriod). Disconnected."
                    )
                )
            }
        }
        core.perform(effects, on: context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let effects = core.state.withLock { state in
            let handshaking = state.handshakeResult == nil
            return state.shutDown(
                TWSClientError(
                    .connectionLost,
                    handshaking
                        ? "The gateway closed the connection during the handshake (client id \(core.clientID) in use, API disabled, or this IP not trusted?)."
                        : "The gateway closed the connection."
                )
            )
        }
        core.perform(effects, on: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let code: TWSClientError.Code = error is TWSProtocolError ? .protocolViolation : .connectionLost
        let effects = core.state.withLock {
            $0.shutDown(TWSClientError(code, "Connection to the gateway failed: \("\(error)".withoutFinalPeriod)."))
        }
        core.perform(effects, on: context.channel)
    }
}
