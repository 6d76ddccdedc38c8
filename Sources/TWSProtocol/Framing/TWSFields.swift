import NIOCore

/// The text fields of one classic (pre-protobuf) TWS message: every field ends with a NUL byte, the last one
/// included, so `"20\01\0"` is the two fields `20` and `1`, and an empty field is a lone NUL.
public struct TWSFields: Sendable, Hashable, CustomStringConvertible {
    public var values: [String]

    public init(_ values: [String]) {
        self.values = values
    }

    /// Splits a frame's payload into fields.
    ///
    /// - Throws: ``TWSProtocolError`` `.malformedFields` if the payload does not end with a NUL (a truncated or
    ///   foreign frame) or a field is not valid UTF-8.
    public init(payload: ByteBuffer) throws {
        let bytes = payload.readableBytesView
        guard let last = bytes.last else {
            self.values = []
            return
        }
        guard last == 0 else {
            throw TWSProtocolError(.malformedFields, "A TWS message did not end with a NUL field terminator.")
        }
        var values: [String] = []
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == 0 {
            guard let field = String(validating: bytes[start..<index], as: UTF8.self) else {
                throw TWSProtocolError(
                    .malformedFields,
                    "Field \(values.count + 1) of a TWS message is not UTF-8 text."
                )
            }
            values.append(field)
            start = index + 1
        }
        self.values = values
    }

    /// The message id: the first field, while the negotiated server version is below 201.
    public var messageID: Int? { values.first.flatMap { Int($0) } }

    public var description: String { values.joined(separator: "|") }
}

extension ByteBuffer {
    /// Writes one frame: the length prefix, then each field followed by a NUL.
    ///
    /// Fields must not contain NUL themselves; the official client refuses non-printable text for the same reason.
    @discardableResult
    public mutating func writeTWSFrame(_ fields: TWSFields) -> Int {
        let lengthIndex = writerIndex
        writeInteger(UInt32(0))  // placeholder for the length, set below
        var payloadLength = 0
        for field in fields.values {
            payloadLength += writeString(field)
            payloadLength += writeInteger(UInt8(0))
        }
        setInteger(UInt32(payloadLength), at: lengthIndex, endianness: .big)
        return 4 + payloadLength
    }
}
