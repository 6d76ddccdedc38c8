import Testing
import WorkQueue

@Suite struct ChunkRecordTests {
    @Test func decodesAnInFlightRecordAsTheScriptsWriteIt() throws {
        let json = #"""
            {"backfill":"b1","priority":3,"attempts":2,"state":"inflight","since":1760000000123,
             "enqueued":1760000000000,"worker":"w-1","client":7,"lease":42,"deadline":1760000060123,"cancel":true,
             "errorClass":"transient","errorCode":162,"errorText":"HMDS query returned no data","errorAt":1760000000100}
            """#
        let record = try ChunkRecord(json: Array(json.utf8))
        #expect(record.backfillID == "b1")
        #expect(record.priority == 3)
        #expect(record.attempts == 2)
        #expect(record.state == .inFlight)
        #expect(record.workerID == "w-1")
        #expect(record.clientID == 7)
        #expect(record.leaseToken == 42)
        #expect(record.leaseDeadline == 1_760_000_060_123)
        #expect(record.cancelRequested)
        #expect(record.lastError?.failureClass == .transient)
        #expect(record.lastError?.code == 162)
        #expect(record.lastError?.message == "HMDS query returned no data")
    }

    @Test func decodesATombstone() throws {
        let record = try ChunkRecord(json: Array(#"{"backfill":"b","priority":0,"state":"done","since":5}"#.utf8))
        #expect(record.state == .done)
        #expect(record.workerID == nil)
        #expect(record.lastError == nil)
        #expect(!record.cancelRequested)
    }

    @Test func rejectsAnUnknownState() {
        #expect(throws: WorkQueueError.self) {
            try ChunkRecord(json: Array(#"{"state":"limbo","since":1}"#.utf8))
        }
    }
}
