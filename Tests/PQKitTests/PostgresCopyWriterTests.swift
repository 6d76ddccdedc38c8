import Testing

@testable import PQKit

/// Collects what a writer sends, in place of a server.
private final class SentBlocks: @unchecked Sendable {
    // Only touched from the test's own synchronous code.
    var blocks: [[UInt8]] = []
    var text: String { String(decoding: blocks.joined(), as: UTF8.self) }
}

@Suite struct PostgresCopyWriterTests {
    @Test func escapesTextFieldsAndNulls() throws {
        let sent = SentBlocks()
        var writer = PostgresCopyWriter { sent.blocks.append($0) }
        try writer.appendRow(["a\tb", "line\nbreak", "back\\slash", "cr\r", nil, "ünïcødé 'quoted'"])
        try writer.flush()
        #expect(sent.text == "a\\tb\tline\\nbreak\tback\\\\slash\tcr\\r\t\\N\tünïcødé 'quoted'\n")
        #expect(writer.rowCount == 1)
    }

    @Test func writesIntegersWithoutStrings() throws {
        let sent = SentBlocks()
        var writer = PostgresCopyWriter { sent.blocks.append($0) }
        for value: Int64 in [0, 7, -12, Int64.max, Int64.min] {
            writer.appendField(value)
        }
        try writer.endRow()
        try writer.flush()
        #expect(sent.text == "0\t7\t-12\t9223372036854775807\t-9223372036854775808\n")
    }

    @Test func rejectsNULBytes() {
        var writer = PostgresCopyWriter { _ in }
        #expect(throws: PostgresError.self) { try writer.appendField("a\u{0}b") }
    }

    @Test func sendsBlocksAsTheyFill() throws {
        let sent = SentBlocks()
        var writer = PostgresCopyWriter { sent.blocks.append($0) }
        let field = String(repeating: "x", count: 1000)
        for _ in 0..<200 { try writer.appendRow([field]) }
        #expect(sent.blocks.count >= 2)
        #expect(sent.blocks.allSatisfy { $0.count >= PostgresCopyWriter.blockSize })
        try writer.flush()
        #expect(sent.blocks.reduce(0) { $0 + $1.count } == 200 * 1001)
    }
}
