/// Writes rows for `COPY … FROM STDIN` in PostgreSQL's text format and sends them in blocks.
///
/// Write a row either at once (``appendRow(_:)``) or field by field (``appendField(_:)`` … ``endRow()``), which
/// avoids an array per row on hot paths. Text is escaped as the format requires (backslash, tab, newline,
/// carriage return); `nil` is NULL.
public struct PostgresCopyWriter {
    /// Blocks of about this size go to the server as soon as they fill.
    static let blockSize = 64 * 1024

    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    private let send: ([UInt8]) throws(PostgresError) -> Void
    /// Rows ended so far.
    public private(set) var rowCount = 0

    init(send: @escaping ([UInt8]) throws(PostgresError) -> Void) {
        self.send = send
        buffer.reserveCapacity(Self.blockSize + 4096)
    }

    /// Writes a whole row.
    public mutating func appendRow(_ fields: [String?]) throws(PostgresError) {
        for field in fields { try appendField(field) }
        try endRow()
    }

    /// Writes one text field (nil is NULL).
    ///
    /// - Throws: `.invalidParameter` for text with a NUL byte, which PostgreSQL cannot store in text.
    public mutating func appendField(_ text: String?) throws(PostgresError) {
        separate()
        guard var text else {
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(UInt8(ascii: "N"))
            return
        }
        let hasNUL = text.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0: return true
                default: buffer.append(byte)
                }
            }
            return false
        }
        if hasNUL {
            throw PostgresError(.invalidParameter, "COPY row \(rowCount + 1) has text with a NUL byte.")
        }
    }

    /// Writes one integer field.
    public mutating func appendField(_ value: Int64) {
        separate()
        if value == 0 {
            buffer.append(UInt8(ascii: "0"))
            return
        }
        // Digits of the magnitude, least significant first, then reversed in place; no String is made.
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = buffer.count
        while magnitude > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        buffer[start...].reverse()
    }

    /// Ends the current row and sends a block if one is full.
    public mutating func endRow() throws(PostgresError) {
        buffer.append(UInt8(ascii: "\n"))
        fieldsInRow = 0
        rowCount += 1
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// Sends what is buffered.
    mutating func flush() throws(PostgresError) {
        guard !buffer.isEmpty else { return }
        try send(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func separate() {
        if fieldsInRow > 0 { buffer.append(UInt8(ascii: "\t")) }
        fieldsInRow += 1
    }
}
