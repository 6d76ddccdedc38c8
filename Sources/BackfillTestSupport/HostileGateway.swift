import Foundation
import Synchronization

/// A hostile gateway for tests: a real gateway (the simulator) behind a proxy that misbehaves as a broken or
/// malicious gateway might, in one of the ways of ``Behaviour``. It counts the connections it accepted and the
/// frames it spoiled or swallowed.
///
/// Plain blocking sockets on threads of their own: two per connection, pumping bytes each way. Frames are TWS
/// frames (a 4-byte big-endian length, then fields ending in NUL); the client's `API\0` prefix passes untouched.
public final class HostileGateway: Sendable {
    /// How a historical-data reply is spoiled.
    public enum Spoil: Sendable {
        /// Message 17, then a field of bytes that are not UTF-8.
        case notUTF8
        /// A frame announcing 2147483647 bytes.
        case hugeLength
    }

    /// What the proxy does wrong.
    public enum Behaviour: Sendable {
        /// Every historical-data reply (message 17) is spoiled; the handshake and everything else is honest.
        case spoilHistoricalReplies(Spoil)
        /// The client's frames of this message id (e.g. `49`, reqCurrentTime) never reach the gateway.
        case swallowRequests(messageID: String)
        /// The gateway's bytes reach the client one at a time, this far apart.
        case trickle(every: Duration)
    }

    public let port: Int
    public let behaviour: Behaviour
    private let listener: Int32
    private let counts = Mutex((connections: 0, spoiled: 0))

    /// Listens on a free loopback port in front of the simulator at `upstreamPort`.
    public init(upstreamPort: Int, behaviour: Behaviour) throws {
        self.behaviour = behaviour
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 { return }
                counts.withLock { $0.connections += 1 }
                let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var upstream = sockaddr_in.loopback(port: upstreamPort)
                let connected = withUnsafePointer(to: &upstream) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                if connected != 0 {
                    Glibc.close(client)
                    Glibc.close(server)
                    continue
                }
                Thread.detachNewThread { [self] in pumpRequests(from: client, to: server) }
                Thread.detachNewThread { [self] in pump(from: server, to: client) }
            }
        }
    }

    /// Connections accepted so far.
    public var connections: Int { counts.withLock { $0.connections } }
    /// Frames spoiled or swallowed so far.
    public var spoiled: Int { counts.withLock { $0.spoiled } }

    /// Stops accepting; connections already open end when either side closes.
    public func close() {
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    /// Client to gateway: the `API\0` prefix, then frame by frame, dropping the swallowed ones.
    private func pumpRequests(from source: Int32, to destination: Int32) {
        if let prefix = Self.readExactly(source, 4), Self.writeAll(destination, prefix) {
            while let payload = Self.readFrame(source) {
                if case .swallowRequests(let id) = behaviour, payload.starts(with: Array((id + "\0").utf8)) {
                    counts.withLock { $0.spoiled += 1 }
                    continue
                }
                if !Self.writeAll(destination, Self.header(payload.count) + payload) { break }
            }
        }
        shutdown(destination, Int32(SHUT_RDWR))
        shutdown(source, Int32(SHUT_RDWR))
    }

    /// Gateway to client, frame by frame: historical-data frames spoiled, or every byte trickled.
    private func pump(from source: Int32, to destination: Int32) {
        while let payload = Self.readFrame(source) {
            var bytes = Self.header(payload.count) + payload
            switch behaviour {
            case .spoilHistoricalReplies(let spoil) where payload.starts(with: Array("17\0".utf8)):
                counts.withLock { $0.spoiled += 1 }
                switch spoil {
                case .notUTF8:
                    let spoiled = Array("17\0".utf8) + [0xFF, 0xFE, 0xFD, 0x00]
                    bytes = Self.header(spoiled.count) + spoiled
                case .hugeLength:
                    bytes = Self.header(Int(Int32.max)) + Array("17\0".utf8)
                }
            case .trickle(let interval):
                for byte in bytes {
                    Thread.sleep(
                        forTimeInterval: Double(interval.components.seconds)
                            + Double(interval.components.attoseconds) * 1e-18
                    )
                    if !Self.writeAll(destination, [byte]) { return }
                }
                continue
            default:
                break
            }
            if !Self.writeAll(destination, bytes) { break }
        }
        shutdown(destination, Int32(SHUT_RDWR))
        shutdown(source, Int32(SHUT_RDWR))
    }

    private static func header(_ length: Int) -> [UInt8] {
        withUnsafeBytes(of: UInt32(length).bigEndian) { Array($0) }
    }

    private static func readFrame(_ source: Int32) -> [UInt8]? {
        guard let header = readExactly(source, 4) else { return nil }
        let length = header.reduce(0) { $0 << 8 | Int($1) }
        guard length <= 16 << 20 else { return nil }
        return readExactly(source, length)
    }

    private static func readExactly(_ source: Int32, _ count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { read(source, $0.baseAddress! + done, count - done) }
            if got <= 0 { return nil }
            done += got
        }
        return bytes
    }

    private static func writeAll(_ destination: Int32, _ bytes: [UInt8]) -> Bool {
        var done = 0
        while done < bytes.count {
            let wrote = bytes.withUnsafeBytes { write(destination, $0.baseAddress! + done, bytes.count - done) }
            if wrote <= 0 { return false }
            done += wrote
        }
        return true
    }

}
