import Testing
import WorkQueue

@Suite struct QueueKeysTests {
    @Test func everyKeySharesThePrefixAndHashTag() throws {
        let keys = try QueueKeys(prefix: "backfill:", tag: "bf")
        #expect(keys.base == "backfill:{bf}:")
        #expect(keys[.ready] == "backfill:{bf}:ready")
        #expect(keys[.backlog] == "backfill:{bf}:backlog")
        #expect(Set(keys.all).count == keys.all.count)
        for key in keys.all {
            #expect(key.hasPrefix("backfill:{bf}:"))
        }
    }

    @Test func anEmptyPrefixIsAllowed() throws {
        #expect(try QueueKeys(prefix: "", tag: "prod")[.records] == "{prod}:chunks")
    }

    @Test(arguments: [("backfill:", ""), ("backfill:", "b{f"), ("backfill:", "bf}"), ("a{b}:", "bf")])
    func prefixesAndTagsThatWouldMoveTheSlotAreRefused(prefix: String, tag: String) {
        #expect(throws: WorkQueueError.self) { try QueueKeys(prefix: prefix, tag: tag) }
    }

    @Test func invalidConfigurationsAreRefused() throws {
        var configuration = WorkQueue.Configuration()
        configuration.lease = .zero
        let connection = try RedisKitStub.unconnected()
        #expect(throws: WorkQueueError.self) { try WorkQueue(connection: connection, configuration: configuration) }
        configuration = WorkQueue.Configuration()
        configuration.backoff = Backoff(base: .seconds(10), cap: .seconds(1))
        #expect(throws: WorkQueueError.self) { try WorkQueue(connection: connection, configuration: configuration) }
    }
}
