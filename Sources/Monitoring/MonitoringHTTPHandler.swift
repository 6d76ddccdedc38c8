import NIOCore
import NIOHTTP1
import Prometheus

/// Answers `GET /metrics` (Prometheus text format) and `GET /healthz`; everything else is 404 or 405.
///
/// One request per connection is typical for scrapers, but keep-alive is honoured: each request's answer is written
/// when its `.end` arrives.
final class MonitoringHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let registry: PrometheusCollectorRegistry
    private let beforeScrape: @Sendable () -> Void
    private let health: @Sendable () -> HealthReport
    private var head: HTTPRequestHead?

    init(
        registry: PrometheusCollectorRegistry,
        beforeScrape: @escaping @Sendable () -> Void,
        health: @escaping @Sendable () -> HealthReport
    ) {
        self.registry = registry
        self.beforeScrape = beforeScrape
        self.health = health
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let status: HTTPResponseStatus
        let contentType: String
        let body: [UInt8]
        switch (head.method, path) {
        case (.GET, "/metrics"), (.HEAD, "/metrics"):
            beforeScrape()
            status = .ok
            contentType = "text/plain; version=0.0.4; charset=utf-8"
            body = registry.emitToBuffer()
        case (.GET, "/healthz"), (.HEAD, "/healthz"):
            let report = health()
            status = report.healthy ? .ok : .serviceUnavailable
            contentType = "application/json"
            body = Array((report.body + "\n").utf8)
        case (_, "/metrics"), (_, "/healthz"):
            status = .methodNotAllowed
            contentType = "text/plain; charset=utf-8"
            body = Array("Only GET and HEAD.\n".utf8)
        default:
            status = .notFound
            contentType = "text/plain; charset=utf-8"
            body = Array("Not found: try /metrics or /healthz.\n".utf8)
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: "\(body.count)")
        let keepAlive = head.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let responseHead = HTTPResponseHead(version: head.version, status: status, headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        if head.method != .HEAD {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))),
                promise: nil
            )
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A malformed request or a reset connection concerns only that connection.
        context.close(promise: nil)
    }
}
