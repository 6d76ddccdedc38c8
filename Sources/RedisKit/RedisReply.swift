/// A reply from Redis (RESP2, which is what hiredis 0.14 speaks), copied out of hiredis's memory.
///
/// Error replies appear as ``error(_:)`` only inside arrays and pipeline results; a top-level error reply to a
/// single command is thrown as a ``RedisError`` instead.
public enum RedisReply: Sendable, Hashable {
    case status(String)
    case error(String)
    case integer(Int64)
    case bulkString([UInt8])
    case null
    case array([RedisReply])

    /// The text of a status or bulk-string reply (bulk strings decoded as UTF-8, invalid bytes replaced).
    public var string: String? {
        switch self {
        case .status(let text): text
        case .bulkString(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The raw bytes of a bulk-string or status reply.
    public var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): bytes
        case .status(let text): Array(text.utf8)
        default: nil
        }
    }

    /// An integer reply, or a bulk string holding a decimal integer (as Lua scripts often return).
    public var integer: Int64? {
        switch self {
        case .integer(let value): value
        case .bulkString(let bytes): Int64(String(decoding: bytes, as: UTF8.self))
        default: nil
        }
    }

    public var array: [RedisReply]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The error carried by an ``error(_:)`` reply, with its prefix split off.
    public var error: RedisError? {
        if case .error(let text) = self { return .server(text) }
        return nil
    }
}
