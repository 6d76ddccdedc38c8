/// One Redis command as argv: its arguments laid end to end in one buffer, with their lengths.
///
/// Keeping the bytes contiguous means a command is one allocation however many arguments it has, and hiredis
/// gets explicit lengths (`redisCommandArgv`), so binary values with embedded NUL bytes are sent whole.
public struct RedisCommand: Sendable, Hashable {
    /// All argument bytes, back to back.
    public private(set) var bytes: [UInt8]
    /// The length of each argument in ``bytes``; the first is the command name.
    public private(set) var lengths: [Int]

    /// Builds a command from its name and arguments: `RedisCommand("SET", key, value)`.
    public init(_ name: String, _ arguments: any RedisArgument...) {
        self.init(name, arguments: arguments)
    }

    /// Builds a command from its name and an array of arguments.
    public init(_ name: String, arguments: [any RedisArgument]) {
        bytes = []
        lengths = []
        lengths.reserveCapacity(arguments.count + 1)
        append(name)
        for argument in arguments { append(argument) }
    }

    /// Adds one more argument.
    public mutating func append(_ argument: any RedisArgument) {
        let before = bytes.count
        argument.appendRedisBytes(to: &bytes)
        lengths.append(bytes.count - before)
    }

    /// The command name, for logs (arguments are never logged: they may hold secrets).
    public var name: String {
        String(decoding: bytes.prefix(lengths.first ?? 0), as: UTF8.self).uppercased()
    }

    /// Calls `body` with C `argv` and `argvlen` arrays that point into ``bytes``; valid only inside `body`.
    func withArgv<Result>(
        _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafeMutablePointer<Int>) -> Result
    ) -> Result {
        // An empty buffer has no base address; pad with a byte nobody reads so every pointer is valid.
        let storage = bytes.isEmpty ? [0] : bytes
        return storage.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var pointers = [UnsafePointer<CChar>?]()
            pointers.reserveCapacity(lengths.count)
            var offset = 0
            for length in lengths {
                pointers.append(base + offset)
                offset += length
            }
            var sizes = lengths
            return pointers.withUnsafeMutableBufferPointer { argv in
                sizes.withUnsafeMutableBufferPointer { argvlen in
                    body(Int32(lengths.count), argv.baseAddress!, argvlen.baseAddress!)
                }
            }
        }
    }
}
