import NIOCore
import TWSProtocol
import Testing

/// Random and mutated frames through every decoding layer: the only acceptable outcomes are a decoded message
/// or a ``TWSProtocolError``. Bounded by a fixed number of iterations with a seeded generator, so it is
/// repeatable and never hangs.
@Suite struct DecoderFuzzTests {
    /// SplitMix64: a small seeded generator so every run fuzzes the same inputs.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [TWSFields] = [
        TWSFields([
            "17", "1", "2", "1704205800", "187.15", "187.48", "186.93", "187.2", "745321", "187.21", "5123",
            "1704205860", "187.2", "187.61", "187.1", "187.55", "311002", "187.37", "2876",
        ]),
        TWSFields(["4", "-1", "2104", "Market data farm connection is OK:usfarm", "", "1704488400123"]),
        TWSFields(["108", "1", "20231229 16:00:00 US/Eastern", "20240105 16:00:00 US/Eastern"]),
        TWSFields(["98", "4", "1", "1704466800", "0", "187.1", "100", "NASDAQ", "", "1"]),
        TWSFields([
            "20", "1", "0", "AAPL", "STK", "", "", "", "", "SMART", "", "USD", "", "", "0", "20240105-21:00:00",
            "1 min", "1 W", "1", "TRADES", "2", "0", "",
        ]),
        TWSFields(["15", "1", "DU1234567"]),
    ]

    static func decodeEverything(_ stream: inout ByteBuffer) {
        var decoder = TWSFrameDecoder()
        while true {
            let payload: ByteBuffer?
            do {
                payload = try decoder.decode(buffer: &stream)
            } catch is TWSProtocolError {
                return
            } catch {
                Issue.record("frame decoder threw \(error)")
                return
            }
            guard let payload else { return }
            guard let fields = try? TWSFields(payload: payload) else { continue }
            for version in [178, 194, 196, 200] {
                do { _ = try TWSMessage(fields: fields, serverVersion: version) } catch is TWSProtocolError {} catch {
                    Issue.record("message decoder threw \(error)")
                }
                do { _ = try TWSRequest(fields: fields, serverVersion: version) } catch is TWSProtocolError {} catch {
                    Issue.record("request decoder threw \(error)")
                }
            }
        }
    }

    @Test func randomBytes() {
        var random = SeededGenerator(state: 1)
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...256, using: &random)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            // Keep some lengths small enough to complete, so the field and message layers are reached too.
            if bytes.count >= 4, Bool.random(using: &random) {
                bytes[0] = 0
                bytes[1] = 0
                bytes[2] = 0
                bytes[3] = UInt8(min(bytes.count - 4, 255))
            }
            var stream = ByteBuffer(bytes: bytes)
            Self.decodeEverything(&stream)
        }
    }

    @Test func mutatedValidFrames() {
        var random = SeededGenerator(state: 2)
        for _ in 0..<5_000 {
            var frame = ByteBuffer()
            frame.writeTWSFrame(Self.seeds.randomElement(using: &random)!)
            var bytes = Array(frame.readableBytesView)
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes[index] = 0
                case 2: bytes.remove(at: index)
                default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
                }
                if bytes.isEmpty { break }
            }
            var stream = ByteBuffer(bytes: bytes)
            Self.decodeEverything(&stream)
        }
    }
}
