import NIOCore

/// Cuts a byte stream into TWS frames: a 4-byte big-endian payload length, then the payload.
///
/// Handles any split of the stream: a read may hold part of a frame or several frames. A length above
/// ``maximumPayloadLength`` is an error rather than a reason to buffer gigabytes, so garbage from a peer fails the
/// connection cleanly. The payload is returned whole; ``TWSFields`` splits it into fields.
public struct TWSFrameDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    /// The official client refuses frames of 16 MiB or more (`MAX_MSG_LEN = 0xFFFFFF`); so do we.
    public static let maximumPayloadLength = 0xFF_FFFF

    public init() {}

    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return nil
        }
        guard length <= Self.maximumPayloadLength else {
            throw TWSProtocolError(
                .frameTooLarge,
                "A TWS frame announced \(length) bytes, more than the \(Self.maximumPayloadLength) allowed."
            )
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(length))
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try decode(buffer: &buffer)
    }
}
