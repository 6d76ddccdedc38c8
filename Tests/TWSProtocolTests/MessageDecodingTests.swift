import NIOCore
import TWSProtocol
import Testing

@Suite struct MessageDecodingTests {
    static func fields(_ escaped: String) throws -> TWSFields {
        var buffer = ByteBuffer(bytes: WireBytesTests.bytes(escaped))
        var decoder = TWSFrameDecoder()
        return try TWSFields(payload: try #require(try decoder.decode(buffer: &buffer)))
    }

    @Test func historicalDataAt200FromTheWorkedExample() throws {
        let fields = try Self.fields(
            "\\0\\0\\0x17\\01\\02\\01704205800\\0187.15\\0187.48\\0186.93\\0187.2\\0745321\\0187.21\\05123\\01704205860\\0187.2\\0187.61\\0187.1\\0187.55\\0311002\\0187.37\\02876\\0"
        )
        let message = try TWSMessage(fields: fields, serverVersion: 200)
        guard case .historicalData(let requestID, let bars, let startAndEnd) = message else {
            Issue.record("decoded \(message)")
            return
        }
        #expect(requestID == 1)
        #expect(startAndEnd == nil)
        #expect(bars.count == 2)
        #expect(
            bars[0]
                == Bar(
                    date: "1704205800",
                    open: "187.15",
                    high: "187.48",
                    low: "186.93",
                    close: "187.2",
                    volume: "745321",
                    wap: "187.21",
                    count: 5123
                )
        )
        #expect(bars[1].close == "187.55")
    }

    @Test func historicalDataEndAt200() throws {
        let message = try TWSMessage(
            fields: try Self.fields(
                "\\0\\0\\0@108\\01\\020231229 16:00:00 US/Eastern\\020240105 16:00:00 US/Eastern\\0"
            ),
            serverVersion: 200
        )
        #expect(
            message
                == .historicalDataEnd(
                    requestID: 1,
                    start: "20231229 16:00:00 US/Eastern",
                    end: "20240105 16:00:00 US/Eastern"
                )
        )
    }

    @Test func historicalDataBelow196CarriesStartAndEnd() throws {
        let bar = Bar(
            date: "1704205800",
            open: "1",
            high: "2",
            low: "0.5",
            close: "1.5",
            volume: "-1",
            wap: "-1",
            count: -1
        )
        let original = TWSMessage.historicalData(requestID: 5, bars: [bar], startAndEnd: ("a", "b"))
        let fields = original.fields(serverVersion: 178)
        #expect(fields.values.prefix(5) == ["17", "5", "a", "b", "1"])
        guard case .historicalData(_, let bars, let startAndEnd) = try TWSMessage(fields: fields, serverVersion: 178)
        else {
            Issue.record("not historical data")
            return
        }
        #expect(bars == [bar])
        #expect(startAndEnd?.0 == "a" && startAndEnd?.1 == "b")
    }

    @Test func errorMessagesInBothLayouts() throws {
        let at200 = try TWSMessage(
            fields: try Self.fields(
                "\\0\\0\\0B4\\0-1\\02104\\0Market data farm connection is OK:usfarm\\0\\01704488400123\\0"
            ),
            serverVersion: 200
        )
        #expect(
            at200
                == .error(
                    IBError(
                        requestID: -1,
                        code: 2104,
                        message: "Market data farm connection is OK:usfarm",
                        errorTime: 1_704_488_400_123
                    )
                )
        )
        let at178 = try TWSMessage(
            fields: TWSFields(["4", "2", "-1", "2104", "Market data farm connection is OK:usfarm", ""]),
            serverVersion: 178
        )
        guard case .error(let error) = at178 else {
            Issue.record("not an error")
            return
        }
        #expect(error.code == 2104 && error.requestID == -1 && error.errorTime == nil)
        #expect(
            at200.fields(serverVersion: 178).values == [
                "4", "2", "-1", "2104", "Market data farm connection is OK:usfarm", "",
            ]
        )
    }

    @Test func startupMessages() throws {
        #expect(
            try TWSMessage(fields: try Self.fields("\\0\\0\\0\\x0f15\\01\\0DU1234567\\0"), serverVersion: 200)
                == .managedAccounts(["DU1234567"])
        )
        #expect(
            try TWSMessage(fields: try Self.fields("\\0\\0\\0\\x069\\01\\01\\0"), serverVersion: 200) == .nextValidID(1)
        )
        #expect(
            try TWSMessage(fields: TWSFields(["15", "1", "DU1,DU2,"]), serverVersion: 200)
                == .managedAccounts(["DU1", "DU2"])
        )
    }

    @Test func contractDetailsFromTheWorkedExample() throws {
        let text =
            "10|3|AAPL|STK|||0||SMART|USD|AAPL|NMS|NMS|265598|0.01||LMT,MKT|SMART,NASDAQ|1|0|APPLE INC|NASDAQ||Technology|Computers|Computers|US/Eastern|20240105:0400-20240105:2000|20240105:0930-20240105:1600|||1|ISIN|US0378331005|1|||26,26,26,26||COMMON|0.0001|0.0001|100|0"
        let fields = TWSFields(text.split(separator: "|", omittingEmptySubsequences: false).map(String.init))
        guard case .contractDetails(let requestID, let details) = try TWSMessage(fields: fields, serverVersion: 200)
        else {
            Issue.record("not contract details")
            return
        }
        #expect(requestID == 3)
        #expect(details.contract.conId == 265_598)
        #expect(details.contract.primaryExchange == "NASDAQ")
        #expect(details.longName == "APPLE INC")
        #expect(details.timeZoneID == "US/Eastern")
        #expect(details.liquidHours == "20240105:0930-20240105:1600")
        #expect(details.stockType == "COMMON")
        // Written back by a gateway, it decodes to the same details.
        guard
            case .contractDetails(_, let again) = try TWSMessage(
                fields: TWSMessage.contractDetails(requestID: 3, details: details).fields(serverVersion: 200),
                serverVersion: 200
            )
        else {
            Issue.record("round trip failed")
            return
        }
        #expect(again == details)
    }

    @Test(arguments: [HistoricalTick.Kind.midpoint, .bidAsk, .trade])
    func historicalTicksRoundTrip(kind: HistoricalTick.Kind) throws {
        let ticks = [
            HistoricalTick(
                time: 1_704_466_800,
                price: "187.1",
                size: "100",
                askPrice: kind == .bidAsk ? "187.2" : "",
                askSize: kind == .bidAsk ? "300" : "",
                mask: kind == .midpoint ? 0 : 1,
                exchange: kind == .trade ? "NASDAQ" : "",
                specialConditions: ""
            )
        ]
        let message = TWSMessage.historicalTicks(requestID: 4, kind: kind, ticks: ticks, done: true)
        #expect(try TWSMessage(fields: message.fields(serverVersion: 200), serverVersion: 200) == message)
    }

    @Test(arguments: [
        ["17", "1", "3", "1704205800", "1"],
        ["17", "1", "999999999", "x"],
        ["4", "notanumber", "162", "text"],
        ["10", "1", "AAPL"],
        ["96", "1", "2", "1", "0", "1.0", "1"],
    ])
    func truncatedOrInvalidMessagesThrowTypedErrors(values: [String]) {
        #expect(throws: TWSProtocolError.self) { try TWSMessage(fields: TWSFields(values), serverVersion: 200) }
    }
}
