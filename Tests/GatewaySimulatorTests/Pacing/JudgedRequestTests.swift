import GatewaySimulator
import Testing

@Suite("Pacing: request keys and bar sizes")
struct JudgedRequestTests {
    @Test(
        arguments: [
            ("1 secs", 1), ("5 secs", 5), ("10 secs", 10), ("15 secs", 15), ("30 secs", 30), ("1 min", 60),
            ("2 mins", 120), ("3 mins", 180), ("5 mins", 300), ("10 mins", 600), ("15 mins", 900), ("20 mins", 1_200),
            ("30 mins", 1_800), ("1 hour", 3_600), ("2 hours", 7_200), ("3 hours", 10_800), ("4 hours", 14_400),
            ("8 hours", 28_800), ("1 day", 86_400), ("1 week", 604_800), ("1 month", 2_592_000), ("1W", nil),
            ("", nil), ("secs", nil), ("0 secs", nil), ("-5 secs", nil), ("5 fortnights", nil),
        ] as [(String, Int?)]
    )
    func barSizes(setting: String, seconds: Int?) {
        #expect(JudgedRequest.barSizeSeconds(setting) == seconds)
    }

    @Test func joinedKeyCannotBeConfused() {
        #expect(JudgedRequest.joinedKey(["a|b", "c"]) != JudgedRequest.joinedKey(["a", "b|c"]))
        #expect(JudgedRequest.joinedKey(["1:a"]) != JudgedRequest.joinedKey(["1", "a"]))
        #expect(JudgedRequest.joinedKey([]) == "")
    }

    @Test func kindsNeverShareAnIdenticalKey() {
        let identity = RequestIdentity(clientId: 1, reqId: 1)
        let head = JudgedRequest.headTimestamp(
            identity: identity,
            contractKey: "conId:1",
            exchange: "SMART",
            whatToShow: "TRADES",
            useRTH: true,
            formatDate: 2
        )
        let ticks = JudgedRequest.historicalTicks(
            identity: identity,
            contractKey: "conId:1",
            exchange: "SMART",
            startDateTime: "",
            endDateTime: "",
            numberOfTicks: 1,
            whatToShow: "TRADES",
            useRTH: true
        )
        #expect(head.identicalKey != ticks.identicalKey)
        #expect(head.perContractKey == ticks.perContractKey)
        #expect(head.barSizeSeconds == nil)
        #expect(head.kind == .headTimestamp)
    }

    @Test func clientAndRequestIdAreNotPartOfTheIdenticalKey() {
        let first = JudgedRequest.testBars(client: 1, reqId: 1)
        let second = JudgedRequest.testBars(client: 2, reqId: 9)
        #expect(first.identicalKey == second.identicalKey)
        #expect(first != second)
        #expect(second.clientId == 2)
        #expect(second.reqId == 9)
        #expect(second.identity.description == "client 2 req 9")
    }
}
