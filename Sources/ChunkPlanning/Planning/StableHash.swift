/// The hash behind ``ChunkID`` and every other derived id: 128 bits from two independent 64-bit FNV-1a passes
/// over length-prefixed fields, each finished with SplitMix64.
///
/// A field is written as its UTF-8 byte count in decimal, a colon, its bytes and a 0x1F separator, so no choice of
/// field contents can make two different field lists share a byte stream. The hash is this module's own, never
/// Swift's per-process seeded `Hasher`: the same fields give the same digest in every process, on every machine
/// and in every release, which is what ids stored in PostgreSQL and Redis need.
///
/// The byte stream is kept so a caller hashing many field lists with a common head (one contract's chunks) can
/// write the head once and ``truncate(to:)`` back to it, allocating nothing per digest.
struct StableHash {
    /// The framed fields written so far.
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(192)
    }

    /// Appends one field given as UTF-8 bytes.
    mutating func append(field: some Collection<UInt8>) {
        appendDecimal(field.count)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: field)
        bytes.append(0x1F)
    }

    /// Appends one text field.
    mutating func append(_ field: String) {
        var field = field
        field.withUTF8 { append(field: $0) }
    }

    /// Appends bytes as they are, unframed: for a caller that frames a field itself.
    mutating func appendRaw(_ raw: some Sequence<UInt8>) {
        bytes.append(contentsOf: raw)
    }

    /// Drops everything after the first `count` bytes (a head written earlier), keeping the capacity.
    mutating func truncate(to count: Int) {
        bytes.removeSubrange(count...)
    }

    /// Appends a non-negative integer's decimal digits, without making a `String`.
    mutating func appendDecimal(_ value: Int) {
        if value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        let start = bytes.count
        var rest = value
        while rest > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
        bytes[start...].reverse()
    }

    /// The digest of the bytes written so far.
    var digest: ChunkID {
        bytes.withUnsafeBufferPointer { buffer in
            ChunkID(high: Self.digest(buffer, seed: 0), low: Self.digest(buffer, seed: 1))
        }
    }

    /// FNV-1a over the bytes (forwards for seed 0, backwards from a different offset basis for seed 1), then a
    /// SplitMix64 finish so every input bit reaches every output bit.
    private static func digest(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
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
}
