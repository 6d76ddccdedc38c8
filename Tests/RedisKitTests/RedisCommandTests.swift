import RedisKit
import Testing

@Suite struct RedisCommandTests {
    @Test func laysArgumentsEndToEndWithLengths() {
        let value: [UInt8] = [0x00, 0x01, 0x00, 0xff]
        let command = RedisCommand("SET", "key", value, 42, -7)
        #expect(command.lengths == [3, 3, 4, 2, 2])
        #expect(command.bytes == Array("SETkey".utf8) + value + Array("42-7".utf8))
        #expect(command.name == "SET")
    }

    @Test func keepsEmptyArguments() {
        let command = RedisCommand("SET", "", [UInt8]())
        #expect(command.lengths == [3, 0, 0])
    }

    @Test func appendAddsArguments() {
        var command = RedisCommand("EVALSHA", "abc", 1)
        command.append("key")
        command.append(2.5)
        #expect(command.lengths == [7, 3, 1, 3, 3])
        #expect(String(decoding: command.bytes, as: UTF8.self) == "EVALSHAabc1key2.5")
    }

    @Test func nameIsUppercasedForLogs() {
        #expect(RedisCommand("blmove", "a", "b").name == "BLMOVE")
    }
}
