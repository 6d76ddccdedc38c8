/// Reads the fields of one message in order, with typed errors instead of index traps.
struct TWSFieldReader {
    private let fields: [String]
    private var index: Int
    let messageName: String

    init(_ fields: TWSFields, messageName: String, skipping: Int = 1) {
        self.fields = fields.values
        self.index = skipping
        self.messageName = messageName
    }

    var remaining: Int { max(0, fields.count - index) }

    mutating func string() throws -> String {
        guard index < fields.count else {
            throw TWSProtocolError(.malformedFields, "\(messageName) ended after \(fields.count) fields.")
        }
        defer { index += 1 }
        return fields[index]
    }

    mutating func int() throws -> Int {
        let text = try string()
        // The official decoder reads an empty int field as 0.
        if text.isEmpty { return 0 }
        guard let value = Int(text) else {
            throw TWSProtocolError(
                .malformedFields,
                "\(messageName) field \(index) is '\(text.prefix(32))', not an integer."
            )
        }
        return value
    }

    mutating func int64() throws -> Int64 { Int64(try int()) }

    mutating func bool() throws -> Bool { try int() != 0 }

    mutating func skip(_ count: Int = 1) throws {
        for _ in 0..<count { _ = try string() }
    }

    /// Reads an element count and refuses counts that the rest of the message cannot hold.
    mutating func count(fieldsPerItem: Int) throws -> Int {
        let count = try int()
        guard count >= 0, count <= remaining / max(1, fieldsPerItem) else {
            throw TWSProtocolError(
                .malformedFields,
                "\(messageName) announces \(count) items but has \(remaining) fields left."
            )
        }
        return count
    }
}
