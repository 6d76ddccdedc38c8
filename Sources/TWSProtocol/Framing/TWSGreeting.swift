import NIOCore

/// The bytes a client sends first: `API\0`, then one length-prefixed frame holding `v<min>..<max>` (no NUL),
/// optionally followed by a space and connect options such as `+PACEAPI`.
public struct TWSGreeting: Sendable, Hashable {
    /// The protocol versions the client can speak. Backfill advertises 100...200: the classic text framing,
    /// before protobuf arrives at 201 (DESIGN invariant 9).
    public var versions: ClosedRange<Int>
    public var connectOptions: String

    public static let backfill = TWSGreeting(versions: 100...200)

    public init(versions: ClosedRange<Int>, connectOptions: String = "") {
        self.versions = versions
        self.connectOptions = connectOptions
    }

    /// The greeting's bytes, ready to write to a new connection.
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var text = "v\(versions.lowerBound)..\(versions.upperBound)"
        if !connectOptions.isEmpty { text += " " + connectOptions }
        var buffer = allocator.buffer(capacity: 8 + text.utf8.count)
        buffer.writeString("API\0")
        buffer.writeInteger(UInt32(text.utf8.count), endianness: .big)
        buffer.writeString(text)
        return buffer
    }

    /// Parses the version frame's payload (`v100..200`, optionally with options), as a gateway does.
    ///
    /// - Throws: ``TWSProtocolError`` `.invalidGreeting` for anything else.
    public init(versionPayload: ByteBuffer) throws {
        let text = String(decoding: versionPayload.readableBytesView, as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 1)
        let range = parts.first.map(String.init) ?? ""
        let bounds = range.dropFirst().split(separator: ".", omittingEmptySubsequences: true)
        guard range.hasPrefix("v"), bounds.count == 2 || bounds.count == 1,
            let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]), low <= high
        else {
            throw TWSProtocolError(.invalidGreeting, "A TWS client sent '\(text.prefix(40))' instead of v<min>..<max>.")
        }
        self.init(versions: low...high, connectOptions: parts.count > 1 ? String(parts[1]) : "")
    }
}
