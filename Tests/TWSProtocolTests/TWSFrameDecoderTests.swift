import NIOCore
import NIOTestUtils
import TWSProtocol
import Testing

@Suite struct TWSFrameDecoderTests {
    private func frame(_ payload: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(payload.count), endianness: .big)
        buffer.writeBytes(payload)
        return buffer
    }

    @Test func decodesFramesFromAnySplitOfTheStream() throws {
        // The verifier feeds the input whole, byte by byte, and in other splits, and checks the same output.
        let payloads: [[UInt8]] = [
            Array("200\u{0}20240105 16:00:00 EST\u{0}".utf8), [], Array("15\u{0}1\u{0}DU1234567\u{0}".utf8),
        ]
        let cases = payloads.map { (frame($0), [ByteBuffer(bytes: $0)]) }
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: cases,
            decoderFactory: { TWSFrameDecoder() }
        )
    }

    @Test func cutsCoalescedFramesAndWaitsForPartialOnes() throws {
        var decoder = TWSFrameDecoder()
        var stream = frame(Array("9\u{0}1\u{0}1\u{0}".utf8))
        stream.writeImmutableBuffer(frame(Array("15\u{0}1\u{0}DU1\u{0}".utf8)))
        let tail = frame(Array("4\u{0}2\u{0}-1\u{0}2104\u{0}ok\u{0}".utf8))
        stream.writeImmutableBuffer(tail.getSlice(at: 0, length: 7)!)

        let first = try #require(try decoder.decode(buffer: &stream))
        #expect(try TWSFields(payload: first).values == ["9", "1", "1"])
        let second = try #require(try decoder.decode(buffer: &stream))
        #expect(try TWSFields(payload: second).messageID == 15)
        #expect(try decoder.decode(buffer: &stream) == nil)
        stream.writeImmutableBuffer(tail.getSlice(at: 7, length: tail.readableBytes - 7)!)
        let third = try #require(try decoder.decode(buffer: &stream))
        #expect(try TWSFields(payload: third).values == ["4", "2", "-1", "2104", "ok"])
    }

    @Test func refusesOversizedFramesBeforeBuffering() {
        var decoder = TWSFrameDecoder()
        var stream = ByteBuffer(bytes: [0x01, 0x00, 0x00, 0x00, 0x41])
        #expect {
            _ = try decoder.decode(buffer: &stream)
        } throws: { error in
            (error as? TWSProtocolError)?.code == .frameTooLarge
        }
    }

    @Test func acceptsTheLargestAllowedLengthAsPending() throws {
        var decoder = TWSFrameDecoder()
        var stream = ByteBuffer(bytes: [0x00, 0xFF, 0xFF, 0xFF, 0x41])
        #expect(try decoder.decode(buffer: &stream) == nil)
    }
}

@Suite struct TWSFieldsTests {
    @Test func splitsOnNULAndKeepsEmptyFields() throws {
        let fields = try TWSFields(payload: ByteBuffer(bytes: Array("71\u{0}2\u{0}1\u{0}\u{0}".utf8)))
        #expect(fields.values == ["71", "2", "1", ""])
        #expect(fields.messageID == 71)
    }

    @Test func anEmptyPayloadHasNoFields() throws {
        #expect(try TWSFields(payload: ByteBuffer()).values.isEmpty)
    }

    @Test(arguments: [
        Array("20\u{0}truncated".utf8),
        [0x32, 0x00, 0xFF, 0xFE, 0x00],
    ])
    func rejectsMalformedPayloads(bytes: [UInt8]) {
        #expect {
            _ = try TWSFields(payload: ByteBuffer(bytes: bytes))
        } throws: { error in
            (error as? TWSProtocolError)?.code == .malformedFields
        }
    }

    /// startApi for client id 1 at version ≤ 200, byte for byte as in ib-protocol.md §1.3.
    @Test func encodesStartApiExactly() {
        var buffer = ByteBuffer()
        let written = buffer.writeTWSFrame(TWSFields(["71", "2", "1", ""]))
        #expect(written == 12)
        #expect(Array(buffer.readableBytesView) == [0, 0, 0, 8, 0x37, 0x31, 0, 0x32, 0, 0x31, 0, 0])
    }

    @Test func encodedFramesDecodeToTheSameFields() throws {
        let original = TWSFields(["20", "4001", "1", "20240105 16:00:00", "", "Infinity"])
        var buffer = ByteBuffer()
        buffer.writeTWSFrame(original)
        var decoder = TWSFrameDecoder()
        let payload = try #require(try decoder.decode(buffer: &buffer))
        #expect(try TWSFields(payload: payload) == original)
        #expect(buffer.readableBytes == 0)
    }
}

@Suite struct TWSGreetingTests {
    /// ib-protocol.md §1.2: `41 50 49 00 | 00 00 00 09 | v100..200`.
    @Test func backfillAdvertises100To200() {
        let bytes = Array(TWSGreeting.backfill.encoded().readableBytesView)
        #expect(bytes == [0x41, 0x50, 0x49, 0x00, 0, 0, 0, 9] + Array("v100..200".utf8))
    }

    @Test func connectOptionsFollowASpace() {
        let bytes = Array(TWSGreeting(versions: 100...176, connectOptions: "+PACEAPI").encoded().readableBytesView)
        #expect(bytes.suffix(18) == ArraySlice(Array("v100..176 +PACEAPI".utf8)))
    }

    @Test(arguments: [
        ("v100..200", 100...200, ""), ("v176", 176...176, ""), ("v100..226 +PACEAPI", 100...226, "+PACEAPI"),
    ])
    func parsesVersionPayloads(text: String, versions: ClosedRange<Int>, options: String) throws {
        let greeting = try TWSGreeting(versionPayload: ByteBuffer(string: text))
        #expect(greeting.versions == versions)
        #expect(greeting.connectOptions == options)
    }

    @Test(arguments: ["100..200", "v200..100", "vX..Y", "GET / HTTP/1.1"])
    func rejectsWhatIsNotAVersionRange(text: String) {
        #expect(throws: TWSProtocolError.self) { try TWSGreeting(versionPayload: ByteBuffer(string: text)) }
    }
}

@Suite struct TWSServerFrameDecoderTests {
    @Test func stripsTheGreetingPrefixThenCutsFrames() throws {
        var stream = TWSGreeting.backfill.encoded()
        stream.writeTWSFrame(TWSFields(["71", "2", "1", ""]))
        var decoder = TWSServerFrameDecoder()
        let version = try #require(try decoder.decode(buffer: &stream))
        #expect(try TWSGreeting(versionPayload: version).versions == 100...200)
        let startAPI = try #require(try decoder.decode(buffer: &stream))
        #expect(try TWSFields(payload: startAPI).values == ["71", "2", "1", ""])
    }

    @Test func refusesSomethingThatIsNotTheAPI() {
        var decoder = TWSServerFrameDecoder()
        var stream = ByteBuffer(string: "GET / HTTP/1.1\r\n")
        #expect(throws: TWSProtocolError.self) { try decoder.decode(buffer: &stream) }
    }
}
