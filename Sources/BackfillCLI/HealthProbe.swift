#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking TCP probe for `backfill healthcheck`: a container's healthcheck has no curl on the slim image, and a
/// one-shot process has nothing else to do while it waits.
enum HealthProbe {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Connects to `host:port` within `timeoutSeconds` and returns the socket.
    private static func connect(host: String, port: Int, timeoutSeconds: Int) throws(Failure) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw Failure(description: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            let socket = Glibc.socket(address.pointee.ai_family, address.pointee.ai_socktype, 0)
            guard socket >= 0 else { continue }
            // On Linux the send timeout bounds connect() too.
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if Glibc.connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return socket }
            lastError = String(cString: strerror(errno))
            close(socket)
        }
        throw Failure(description: "cannot connect to \(host):\(port): \(lastError)")
    }

    /// Whether `host:port` accepts a TCP connection within `timeoutSeconds`.
    static func accepts(host: String, port: Int, timeoutSeconds: Int) throws(Failure) {
        close(try connect(host: host, port: port, timeoutSeconds: timeoutSeconds))
    }

    /// `GET path` over HTTP/1.0; returns the status code and the body.
    static func get(host: String, port: Int, path: String, timeoutSeconds: Int) throws(Failure) -> (Int, String) {
        let socket = try connect(host: host, port: port, timeoutSeconds: timeoutSeconds)
        defer { close(socket) }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: \(host)\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(socket, $0.baseAddress, $0.count, 0) }) == request.count else {
            throw Failure(description: "cannot send to \(host):\(port)")
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while response.count < 1 << 20 {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count < 0 { throw Failure(description: "no answer from \(host):\(port) within \(timeoutSeconds) s") }
            if count == 0 { break }
            response += buffer[..<count]
        }
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        let headerEnd = response.indices.first { response[$0...].starts(with: separator) } ?? response.endIndex
        let statusLine = String(decoding: response[..<headerEnd], as: UTF8.self)
            .prefix { $0 != "\r" && $0 != "\n" }.split(separator: " ")
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/"), let status = Int(statusLine[1]) else {
            throw Failure(description: "\(host):\(port) did not answer HTTP")
        }
        let bodyStart = min(headerEnd + separator.count, response.endIndex)
        return (status, String(decoding: response[bodyStart...], as: UTF8.self))
    }
}
