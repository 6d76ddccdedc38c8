/// A stateless, seeded hash that turns coordinates (a stream number and an index such as an epoch second) into
/// reproducible pseudo-random numbers.
///
/// The simulator must produce identical bars in every process and for every request window, so it cannot use
/// `Hasher` (randomly seeded per process) or a sequential random generator (whose output depends on how many
/// values were drawn before). Instead every random quantity is a pure function of *where* it is needed:
/// `noise.unit(stream, index)`. The mixing function is the SplitMix64 finalizer (two xor-shift-multiply rounds
/// with its published constants), which is fast and has good avalanche behaviour.
///
/// Streams keep independent quantities apart: the high-wick of a minute and its volume use different stream
/// numbers with the same index, and so are uncorrelated.
public struct DeterministicNoise: Sendable, Hashable {
    /// The seed that distinguishes one instrument's (or series') noise from another's.
    public let seed: UInt64

    /// Creates noise from a numeric seed.
    ///
    /// - Parameter seed: Any value; equal seeds give equal noise.
    public init(seed: UInt64) {
        self.seed = Self.mix(seed)
    }

    /// Creates noise from a text key, for example `"FUT:ES"`, hashed with 64-bit FNV-1a over its UTF-8 bytes.
    ///
    /// - Parameter key: Any text; equal keys give equal noise in every process.
    public init(key: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        self.init(seed: hash)
    }

    /// The SplitMix64 output function: a bijective scramble of 64 bits.
    ///
    /// - Parameter value: The input bits.
    /// - Returns: Well-mixed output bits.
    public static func mix(_ value: UInt64) -> UInt64 {
        var bits = value &+ 0x9e37_79b9_7f4a_7c15
        bits = (bits ^ (bits >> 30)) &* 0xbf58_476d_1ce4_e5b9
        bits = (bits ^ (bits >> 27)) &* 0x94d0_49bb_1331_11eb
        return bits ^ (bits >> 31)
    }

    /// 64 pseudo-random bits for a coordinate.
    ///
    /// - Parameters:
    ///   - stream: Which quantity is drawn (keep one constant per quantity).
    ///   - index: Where it is drawn, typically an epoch second or a knot number.
    /// - Returns: Uniformly distributed bits.
    public func bits(_ stream: UInt64, _ index: Int64) -> UInt64 {
        Self.mix(Self.mix(seed ^ (stream &* 0xd6e8_feb8_6659_fd93)) ^ UInt64(bitPattern: index))
    }

    /// A uniform number in `[0, 1)`.
    ///
    /// - Parameters:
    ///   - stream: Which quantity is drawn.
    ///   - index: Where it is drawn.
    /// - Returns: A value with 53 random bits.
    public func unit(_ stream: UInt64, _ index: Int64) -> Double {
        Double(bits(stream, index) >> 11) * 0x1p-53
    }

    /// A uniform number in `[-1, 1)`.
    ///
    /// - Parameters:
    ///   - stream: Which quantity is drawn.
    ///   - index: Where it is drawn.
    /// - Returns: The value.
    public func signed(_ stream: UInt64, _ index: Int64) -> Double {
        unit(stream, index) * 2 - 1
    }

    /// An approximately standard-normal number (mean 0, variance 1), bounded by ±3.47.
    ///
    /// The sum of four uniforms (Irwin–Hall) is rescaled to unit variance; the bound keeps generated prices
    /// from ever jumping absurdly, which a true Gaussian would eventually do.
    ///
    /// - Parameters:
    ///   - stream: Which quantity is drawn.
    ///   - index: Where it is drawn.
    /// - Returns: The value.
    public func normal(_ stream: UInt64, _ index: Int64) -> Double {
        let raw = bits(stream, index)
        var sum = 0.0
        for lane in 0..<4 {
            sum += Double((raw >> UInt64(lane * 16)) & 0xffff) / 65_536.0
        }
        // Four U(0,1) have mean 2 and variance 4/12.
        return (sum - 2) * 3.0.squareRoot()
    }

    /// Smooth value noise in `[-1, 1]`: random values at knots every `period` seconds, blended with a smoothstep.
    ///
    /// Gives slow, continuous wandering whose value at `time` never depends on other times being evaluated.
    ///
    /// - Parameters:
    ///   - stream: Which quantity is drawn.
    ///   - time: The position (for example epoch seconds).
    ///   - period: The knot spacing, greater than zero.
    /// - Returns: The blended value.
    public func smooth(_ stream: UInt64, at time: Int64, period: Int64) -> Double {
        let span = max(period, 1)
        let knot = floorDivide(time, span)
        let fraction = Double(time - knot * span) / Double(span)
        let weight = fraction * fraction * (3 - 2 * fraction)
        let left = signed(stream, knot)
        let right = signed(stream, knot + 1)
        return left + (right - left) * weight
    }

    private func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient
    }
}
