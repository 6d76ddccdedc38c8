/// An `application/x-www-form-urlencoded` body, as the dashboard's forms post it.
struct DashboardForm {
    let fields: [String: String]

    init(_ body: String) {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let pieces = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(pieces[0]) else { continue }
            fields[name] = pieces.count > 1 ? Self.decode(pieces[1]) ?? "" : ""
        }
        self.fields = fields
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// `+` is a space, `%XX` a byte; `nil` for a broken escape or bytes that are not UTF-8.
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
