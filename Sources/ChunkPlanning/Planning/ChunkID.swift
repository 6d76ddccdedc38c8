import TWSProtocol

/// The stable identity of a chunk: 128 bits of hash over everything that makes its IB request, as 32 lower-case
/// hex digits.
///
/// The hashed fields are the contract's identity (its conId when non-zero, otherwise secType, symbol, local
/// symbol, exchange, primary exchange, currency and expiry), the bar size, what-to-show, useRTH, the end time
/// text and the duration text (DESIGN invariant 2). The hash is this module's own (``StableHash``), never Swift's
/// per-process seeded `Hasher`, so an id is the same in every process, on every machine and in every release.
///
/// The 128 bits are kept as two integers rather than as text: a plan of half a million chunks then holds no
/// string per id, and ``rawValue`` spells the digits when the id leaves the process.
public struct ChunkID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The first 16 hex digits.
    let high: UInt64
    /// The last 16 hex digits.
    let low: UInt64

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Reads an id back, e.g. from PostgreSQL.
    ///
    /// - Parameter rawValue: Exactly 32 lower-case hex digits.
    public init?(rawValue: String) {
        let digits = Array(rawValue.utf8)
        guard digits.count == 32, let high = Self.number(digits[0..<16]), let low = Self.number(digits[16..<32])
        else {
            return nil
        }
        self.init(high: high, low: low)
    }

    /// Derives the id of the request these fields describe.
    ///
    /// - Parameters:
    ///   - contract: The instrument.
    ///   - barSize: The bar size.
    ///   - whatToShow: IB's what-to-show, upper-case.
    ///   - useRTH: Whether only regular trading hours are asked for.
    ///   - endDateTime: The end time text sent to IB (empty for "now").
    ///   - duration: The duration.
    public init(
        contract: Contract,
        barSize: BarSizeSetting,
        whatToShow: String,
        useRTH: Bool,
        endDateTime: String,
        duration: IBDuration
    ) {
        var hasher = ChunkIDHasher(contract: contract, barSize: barSize, whatToShow: whatToShow, useRTH: useRTH)
        var endDateTime = endDateTime
        self = endDateTime.withUTF8 { hasher.id(endDateTime: $0, duration: duration) }
    }

    /// 32 lower-case hex digits.
    public var rawValue: String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            Self.writeHex(high, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<16]))
            Self.writeHex(low, into: UnsafeMutableBufferPointer(rebasing: buffer[16..<32]))
            return 32
        }
    }

    /// 32 hex characters from length-prefixed fields: the same fields give the same text in every process and
    /// release (unlike Swift's `Hasher`), which is what ids derived from a request need.
    public static func stableHash(_ fields: [String]) -> String {
        digest(fields).rawValue
    }

    /// The id ``stableHash(_:)`` spells.
    static func digest(_ fields: [String]) -> ChunkID {
        var hash = StableHash()
        for field in fields {
            hash.append(field)
        }
        return hash.digest
    }

    /// Orders ids by their text, for stable listings (the digits are fixed-width lower-case hex, so the text
    /// order is the numeric order of the two halves).
    public static func < (lhs: ChunkID, rhs: ChunkID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    /// The 32 hex digits.
    public var description: String {
        rawValue
    }

    private static func writeHex(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        var rest = value
        for index in stride(from: 15, through: 0, by: -1) {
            let nibble = UInt8(rest & 0xF)
            buffer[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            rest >>= 4
        }
    }

    /// Sixteen lower-case hex digits as a number, or nil for any other character.
    private static func number(_ digits: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for digit in digits {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt64(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt64(digit - UInt8(ascii: "a") + 10)
            default: return nil
            }
        }
        return value
    }
}
