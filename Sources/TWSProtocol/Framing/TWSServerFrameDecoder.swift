import NIOCore

/// The gateway's side of the framing: the connection opens with the 4 raw bytes `API\0`, then frames follow.
///
/// Anything else in those first four bytes (an HTTP request, a port scanner) is refused with
/// `.invalidGreeting` instead of being read as a length.
public struct TWSServerFrameDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    private static let prefix: [UInt8] = [0x41, 0x50, 0x49, 0x00]
    private var awaitingPrefix = true
    private var frames = TWSFrameDecoder()

    public init() {}

    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        if awaitingPrefix {
            guard let head = buffer.getBytes(at: buffer.readerIndex, length: 4) else { return nil }
            guard head == Self.prefix else {
                throw TWSProtocolError(.invalidGreeting, "A client did not open with API\\0; not a TWS API client.")
            }
            buffer.moveReaderIndex(forwardBy: 4)
            awaitingPrefix = false
        }
        return try frames.decode(buffer: &buffer)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try decode(buffer: &buffer)
    }
}
