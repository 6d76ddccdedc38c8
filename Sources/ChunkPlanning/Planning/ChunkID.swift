import TWSProtocol

/// The stable identity of a chunk: 128 bits of hash over everything that makes its IB request, as 32 lower-case
/// hex digits.
///
/// The hashed fields are the contract's identity (its conId when non-zero, otherwise secType, symbol, local
/// symbol, exchange, primary exchange, currency and expiry), the bar size, what-to-show, useRTH, the end time
/// text and the duration text (DESIGN invariant 2). The hash is this module's own (two independent 64-bit
/// FNV-1a passes with a SplitMix64 finish), never Swift's per-process seeded `Hasher`, so an id is the same in
/// every process, on every machine and in every release.
public struct ChunkID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 32 lower-case hex digits.
    public let rawValue: String

    /// Reads an id back, e.g. from PostgreSQL.
    ///
    /// - Parameter rawValue: Exactly 32 lower-case hex digits.
    public init?(rawValue: String) {
        let hexDigits = Set("0123456789abcdef".utf8)
        guard rawValue.utf8.count == 32, rawValue.utf8.allSatisfy({ hexDigits.contains($0) }) else {
            return nil
        }
        self.rawValue = rawValue
    }

    /// An id from ``stableHash(_:)``, which always has the right form.
    init(verified rawValue: String) {
        self.rawValue = rawValue
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
        let fields = [
            "chunk-v1", contract.planningIdentity, barSize.ibName, whatToShow, useRTH ? "1" : "0", endDateTime,
            duration.text,
        ]
        self.rawValue = Self.stableHash(fields)
    }

    /// 32 hex characters from length-prefixed fields: the same fields give the same text in every process and
    /// release (unlike Swift's `Hasher`), which is what ids derived from a request need.
    public static func stableHash(_ fields: [String]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        for field in fields {
            bytes.append(contentsOf: "\(field.utf8.count):".utf8)
            bytes.append(contentsOf: field.utf8)
            bytes.append(0x1F)
        }
        return hex(digest(bytes, seed: 0)) + hex(digest(bytes, seed: 1))
    }

    /// Orders ids by their text, for stable listings.
    public static func < (lhs: ChunkID, rhs: ChunkID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The 32 hex digits.
    public var description: String {
        rawValue
    }

    /// FNV-1a over the bytes (forwards for seed 0, backwards from a different offset basis for seed 1), then a
    /// SplitMix64 finish so every input bit reaches every output bit.
    private static func digest(_ bytes: [UInt8], seed: UInt64) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var state: UInt64 = seed == 0 ? 0xCBF2_9CE4_8422_2325 : 0x6C62_272E_07BB_0142
        if seed == 0 {
            for byte in bytes {
                state = (state ^ UInt64(byte)) &* prime
            }
        } else {
            for byte in bytes.reversed() {
                state = (state ^ UInt64(byte)) &* prime
            }
        }
        state ^= UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        state = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
        state = (state ^ (state >> 27)) &* 0x94D0_49BB_1331_11EB
        return state ^ (state >> 31)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result = [UInt8](repeating: 0, count: 16)
        var rest = value
        for index in stride(from: 15, through: 0, by: -1) {
            result[index] = digits[Int(rest & 0xF)]
            rest >>= 4
        }
        return String(decoding: result, as: UTF8.self)
    }
}
