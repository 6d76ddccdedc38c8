import Logging
import NIOCore
import NIOPosix
import TWSProtocol

/// One client connection to the simulator: version negotiation, startApi, then requests.
///
/// Runs on its channel's event loop only, so its mutable state needs no lock (`@unchecked Sendable` for NIO's
/// handler requirements; every method is called on that loop).
final class SimulatorSessionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Phase {
        case awaitingVersion
        case awaitingStartAPI
        case ready(clientID: Int)
        case closing
    }

    private let gateway: SimulatorGateway
    private let session: UInt64
    private let dropOnConnect: Bool
    private var phase = Phase.awaitingVersion
    private var serverVersion = 0
    /// Answers being made or scheduled but not yet sent, by request id: what cancelHistoricalData can still stop.
    private var inFlight: [Int: PendingAnswer] = [:]
    private var nextToken: UInt64 = 0

    struct PendingAnswer {
        /// Tells this answer from a later one under a reused request id.
        let token: UInt64
        let identity: RequestIdentity
        /// Nil while its bars are being made.
        var task: Scheduled<Void>?
    }

    init(gateway: SimulatorGateway, session: UInt64, dropOnConnect: Bool) {
        self.gateway = gateway
        self.session = session
        self.dropOnConnect = dropOnConnect
    }

    func channelActive(context: ChannelHandlerContext) {
        if dropOnConnect {
            gateway.audit(
                .faultInjected(time: gateway.clock.wallTime(), clientId: nil, fault: "drop-connection", details: [:])
            )
            close(context)
            return
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let payload = unwrapInboundIn(data)
        if gateway.configuration.recordsFrames { record(payload) }
        switch phase {
        case .awaitingVersion:
            negotiate(context: context, payload: payload)
        case .awaitingStartAPI:
            start(context: context, payload: payload)
        case .ready(let clientID):
            handle(context: context, payload: payload, clientID: clientID)
        case .closing:
            break
        }
    }

    private func record(_ payload: ByteBuffer) {
        if case .awaitingVersion = phase {
            gateway.frames.record(session: session, fields: ["API", String(buffer: payload)])
        } else if let fields = try? TWSFields(payload: payload) {
            gateway.frames.record(session: session, fields: fields.values)
        }
    }

    private func negotiate(context: ChannelHandlerContext, payload: ByteBuffer) {
        guard let greeting = try? TWSGreeting(versionPayload: payload),
            greeting.versions.lowerBound <= gateway.configuration.serverVersion
        else {
            // IB does not document an answer to a client it cannot serve; it closes.
            gateway.audit(.disconnected(time: gateway.clock.wallTime(), clientId: nil, reason: "version not supported"))
            close(context)
            return
        }
        serverVersion = min(greeting.versions.upperBound, gateway.configuration.serverVersion)
        send([TWSFields(["\(serverVersion)", gatewayConnectionTimeText()])], context: context)
        phase = .awaitingStartAPI
    }

    private func start(context: ChannelHandlerContext, payload: ByteBuffer) {
        guard let fields = try? TWSFields(payload: payload),
            case .startAPI(let clientID, _)? = try? TWSRequest(fields: fields, serverVersion: serverVersion)
        else {
            close(context)
            return
        }
        switch gateway.admit(clientID: clientID, session: session) {
        case .idInUse:
            gateway.audit(.clientIdInUse(time: gateway.clock.wallTime(), clientId: clientID))
            let reply = SimulatorReply.error(-1, 326, AuditEvent.clientIdInUseText)
            write(reply.messages, context: context)
            close(context)
        case .full:
            gateway.audit(
                .disconnected(
                    time: gateway.clock.wallTime(),
                    clientId: clientID,
                    reason: "more than \(gateway.configuration.maximumClients) clients"
                )
            )
            close(context)
        case .admitted:
            phase = .ready(clientID: clientID)
            gateway.audit(.connected(time: gateway.clock.wallTime(), clientId: clientID))
            gateway.register(session: session, channel: context.channel, serverVersion: serverVersion)
            write(gateway.startupMessages(), context: context)
        }
    }

    private func handle(context: ChannelHandlerContext, payload: ByteBuffer, clientID: Int) {
        let request: TWSRequest
        do {
            request = try TWSRequest(fields: try TWSFields(payload: payload), serverVersion: serverVersion)
        } catch {
            // A real gateway answers nonsense by closing; so do we, with a record of why.
            gateway.audit(
                .disconnected(time: gateway.clock.wallTime(), clientId: clientID, reason: "malformed message")
            )
            close(context)
            return
        }
        if case .cancelHistoricalData(let requestID) = request {
            cancel(requestID, clientID: clientID, request: request, context: context)
            return
        }
        let reply = gateway.respond(to: request, clientID: clientID, session: session, serverVersion: serverVersion)
        let token = nextToken
        nextToken += 1
        if let identity = reply.inFlight { inFlight[identity.reqId] = PendingAnswer(token: token, identity: identity) }
        let due = NIODeadline.now() + .nanoseconds(reply.delay.simulatorNanoseconds)
        guard reply.later != nil else {
            schedule(reply, at: due, token: token, context: context)
            return
        }
        let loop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: loop)
        let boundContext = NIOLoopBound(context, eventLoop: loop)
        let version = serverVersion
        NIOThreadPool.singleton.runIfActive(eventLoop: loop) { reply.made(serverVersion: version) }.whenSuccess {
            // A failure only means the pool is shutting down with the process: nothing is left to answer.
            handler.value.schedule($0, at: due, token: token, context: boundContext.value)
        }
    }

    /// Sends a reply at its due time (now if it is due), unless it was cancelled or its connection closed meanwhile.
    private func schedule(_ reply: SimulatorReply, at due: NIODeadline, token: UInt64, context: ChannelHandlerContext) {
        if let identity = reply.inFlight, inFlight[identity.reqId]?.token != token { return }
        guard due > .now() else {
            if let identity = reply.inFlight { inFlight[identity.reqId] = nil }
            deliver(reply, context: context)
            return
        }
        let loop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: loop)
        let boundContext = NIOLoopBound(context, eventLoop: loop)
        let task = loop.scheduleTask(deadline: due) {
            if let identity = reply.inFlight { handler.value.inFlight[identity.reqId] = nil }
            handler.value.deliver(reply, context: boundContext.value)
        }
        if let identity = reply.inFlight { inFlight[identity.reqId]?.task = task }
    }

    /// cancelHistoricalData: an answer still in flight is dropped and 162 "query cancelled" sent; otherwise 366.
    private func cancel(_ requestID: Int, clientID: Int, request: TWSRequest, context: ChannelHandlerContext) {
        gateway.audit(
            .request(
                time: gateway.clock.wallTime(),
                clientId: clientID,
                message: request.auditName,
                reqId: requestID,
                parameters: [:]
            )
        )
        if let pending = inFlight.removeValue(forKey: requestID) {
            pending.task?.cancel()
            gateway.finish(pending.identity, cancelled: true)
            write(
                SimulatorReply.error(
                    requestID,
                    162,
                    "Historical Market Data Service error message:API historical data query cancelled: \(requestID)"
                ).messages,
                context: context
            )
        } else {
            write(
                SimulatorReply.error(requestID, 366, "No historical data query found for ticker id:\(requestID)")
                    .messages,
                context: context
            )
        }
    }

    private func deliver(_ reply: SimulatorReply, context: ChannelHandlerContext) {
        guard case .ready = phase else { return }
        if let identity = reply.inFlight { gateway.finish(identity, cancelled: false) }
        if !reply.messages.isEmpty, let fault = gateway.replyFault() {
            spoil(reply.messages, fault: fault, context: context)
            return
        }
        if let frames = reply.frames {
            if frames.readableBytes > 0 { context.writeAndFlush(wrapOutboundOut(frames), promise: nil) }
        } else {
            write(reply.messages, context: context)
        }
        if reply.disconnect { close(context) }
    }

    /// Sends a garbage frame, or half a reply and then closes.
    private func spoil(_ messages: [TWSMessage], fault: SimulatorReplyFault, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 256)
        switch fault {
        case .garbage:
            let junk = (0..<32).map { _ in UInt8.random(in: 1...255) }
            buffer.writeInteger(UInt32(junk.count + 1))
            buffer.writeBytes(junk)
            buffer.writeInteger(UInt8(0xff))
            gateway.audit(
                .faultInjected(time: gateway.clock.wallTime(), clientId: nil, fault: "garbage-frame", details: [:])
            )
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        case .truncate:
            for message in messages { buffer.writeTWSFrame(message.fields(serverVersion: serverVersion)) }
            let half = buffer.getSlice(at: buffer.readerIndex, length: max(1, buffer.readableBytes / 2))!
            gateway.audit(
                .faultInjected(time: gateway.clock.wallTime(), clientId: nil, fault: "truncated-frame", details: [:])
            )
            context.writeAndFlush(wrapOutboundOut(half), promise: nil)
            close(context)
        }
    }

    private func write(_ messages: [TWSMessage], context: ChannelHandlerContext) {
        send(messages.map { $0.fields(serverVersion: serverVersion) }, context: context)
    }

    private func send(_ frames: [TWSFields], context: ChannelHandlerContext) {
        guard !frames.isEmpty else { return }
        var buffer = context.channel.allocator.buffer(capacity: 256)
        for frame in frames { buffer.writeTWSFrame(frame) }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    private func close(_ context: ChannelHandlerContext) {
        phase = .closing
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        for pending in inFlight.values { pending.task?.cancel() }
        inFlight.removeAll()
        if case .ready(let clientID) = phase {
            gateway.unregister(session: session)
            gateway.release(clientID: clientID, session: session)
            gateway.audit(
                .disconnected(time: gateway.clock.wallTime(), clientId: clientID, reason: "connection closed")
            )
        }
        phase = .closing
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        close(context)
    }
}

extension Duration {
    var simulatorNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
