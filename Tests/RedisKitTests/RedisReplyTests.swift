import RedisKit
import Testing

@Suite struct RedisReplyTests {
    @Test func accessors() {
        #expect(RedisReply.status("OK").string == "OK")
        #expect(RedisReply.bulkString(Array("héllo".utf8)).string == "héllo")
        #expect(RedisReply.bulkString([0, 1]).bytes == [0, 1])
        #expect(RedisReply.integer(-5).integer == -5)
        #expect(RedisReply.bulkString(Array("17".utf8)).integer == 17)
        #expect(RedisReply.null.isNull)
        #expect(RedisReply.null.string == nil)
        #expect(RedisReply.array([.integer(1)]).array == [.integer(1)])
        #expect(RedisReply.integer(1).array == nil)
    }

    @Test func errorRepliesKeepTheirPrefix() throws {
        let error = try #require(
            RedisReply.error("WRONGTYPE Operation against a key holding the wrong kind of value").error
        )
        #expect(error.code == .server)
        #expect(error.serverPrefix == "WRONGTYPE")
        #expect(error.description.hasPrefix("WRONGTYPE Operation"))
        #expect(!error.isConnectionFatal)
    }
}

@Suite struct HiredisVersionTests {
    /// The reply handling assumes hiredis 0.14's RESP2 types; a different major/minor needs a review.
    @Test func builtAgainstHiredis014() {
        #expect(RedisConnection.hiredisVersion == "0.14")
    }
}
