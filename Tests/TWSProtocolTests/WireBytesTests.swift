import NIOCore
import TWSProtocol
import Testing

/// The client's bytes for the requests of ib-protocol.md §8, byte for byte (negotiated version 200), except that
/// an unset strike is `0.0`, as IB's official client sends it (ClientFrameFidelityTests compares with ibapi).
@Suite struct WireBytesTests {
    static let aapl = Contract(symbol: "AAPL", secType: .stock, exchange: "SMART", currency: "USD")

    /// Parses the escaped notation of ib-protocol.md §8: `\0` is one NUL byte, `\xNN` one byte.
    static func bytes(_ escaped: String) -> [UInt8] {
        var result: [UInt8] = []
        var characters = Array(escaped.utf8)[...]
        while let byte = characters.popFirst() {
            guard byte == UInt8(ascii: "\\") else {
                result.append(byte)
                continue
            }
            if characters.first == UInt8(ascii: "0") {
                characters.removeFirst()
                result.append(0)
            } else if characters.first == UInt8(ascii: "x") {
                characters.removeFirst()
                let hex = String(decoding: characters.prefix(2), as: UTF8.self)
                characters.removeFirst(2)
                result.append(UInt8(hex, radix: 16)!)
            }
        }
        return result
    }

    static func encode(_ request: TWSRequest) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeTWSFrame(request.fields(serverVersion: 200))
        return Array(buffer.readableBytesView)
    }

    @Test func reqHistoricalData() {
        let request = TWSRequest.historicalData(
            HistoricalDataRequest(
                requestID: 1,
                contract: Self.aapl,
                endDateTime: "20240105-21:00:00",
                barSize: "1 min",
                duration: "1 W",
                useRTH: true,
                whatToShow: "TRADES"
            )
        )
        let expected: [UInt8] = [
            0x00, 0x00, 0x00, 0x50, 0x32, 0x30, 0x00, 0x31, 0x00, 0x30, 0x00, 0x41, 0x41, 0x50, 0x4c, 0x00,
            0x53, 0x54, 0x4b, 0x00, 0x00, 0x30, 0x2e, 0x30, 0x00, 0x00, 0x00, 0x53, 0x4d, 0x41, 0x52, 0x54,
            0x00, 0x00, 0x55,
            0x53, 0x44, 0x00, 0x00, 0x00, 0x30, 0x00, 0x32, 0x30, 0x32, 0x34, 0x30, 0x31, 0x30, 0x35, 0x2d,
            0x32, 0x31, 0x3a, 0x30, 0x30, 0x3a, 0x30, 0x30, 0x00, 0x31, 0x20, 0x6d, 0x69, 0x6e, 0x00, 0x31,
            0x20, 0x57, 0x00, 0x31, 0x00, 0x54, 0x52, 0x41, 0x44, 0x45, 0x53, 0x00, 0x32, 0x00, 0x30, 0x00,
            0x00,
        ]
        #expect(Self.encode(request) == expected)
    }

    @Test func startApi() {
        #expect(
            Self.encode(.startAPI(clientID: 1, optionalCapabilities: ""))
                == Self.bytes("\\0\\0\\0\\x0871\\02\\01\\0\\0")
        )
    }

    @Test(arguments: [
        (TWSRequest.cancelHistoricalData(requestID: 1), "\\0\\0\\0\\x0725\\01\\01\\0"),
        (
            TWSRequest.headTimestamp(requestID: 2, contract: aapl, useRTH: true, whatToShow: "TRADES", formatDate: 2),
            "\\0\\0\\0187\\02\\00\\0AAPL\\0STK\\0\\00.0\\0\\0\\0SMART\\0\\0USD\\0\\0\\00\\01\\0TRADES\\02\\0"
        ),
        (
            TWSRequest.contractDetails(requestID: 3, contract: aapl),
            "\\0\\0\\0*9\\08\\03\\00\\0AAPL\\0STK\\0\\00.0\\0\\0\\0SMART\\0\\0USD\\0\\0\\00\\0\\0\\0\\0"
        ),
        (
            TWSRequest.historicalTicks(
                HistoricalTicksRequest(
                    requestID: 4,
                    contract: aapl,
                    startDateTime: "",
                    endDateTime: "20240105-21:00:00",
                    numberOfTicks: 1000,
                    whatToShow: "TRADES",
                    useRTH: true,
                    ignoreSize: true
                )
            ),
            "\\0\\0\\0J96\\04\\00\\0AAPL\\0STK\\0\\00.0\\0\\0\\0SMART\\0\\0USD\\0\\0\\00\\0\\020240105-21:00:00\\01000\\0TRADES\\01\\01\\0\\0"
        ),
        (TWSRequest.currentTime, "\\0\\0\\0\\x0549\\01\\0"),
        (TWSRequest.currentTimeInMillis, "\\0\\0\\0\\x04105\\0"),
        (TWSRequest.cancelHeadTimestamp(requestID: 2), "\\0\\0\\0\\x0590\\02\\0"),
    ])
    func otherRequests(request: TWSRequest, escaped: String) {
        #expect(Self.encode(request) == Self.bytes(escaped))
    }

    @Test(arguments: [
        TWSRequest.startAPI(clientID: 7, optionalCapabilities: ""),
        .cancelHistoricalData(requestID: 9),
        .headTimestamp(requestID: 2, contract: aapl, useRTH: false, whatToShow: "MIDPOINT", formatDate: 2),
        .contractDetails(
            requestID: 3,
            contract: Contract(
                symbol: "ES",
                secType: .future,
                exchange: "CME",
                currency: "USD",
                localSymbol: "ESZ4",
                includeExpired: true
            )
        ),
        .currentTime, .currentTimeInMillis, .cancelHeadTimestamp(requestID: 5),
        .historicalData(
            HistoricalDataRequest(
                requestID: 11,
                contract: aapl,
                endDateTime: "",
                barSize: "1 day",
                duration: "1 Y",
                useRTH: false,
                whatToShow: "BID_ASK"
            )
        ),
    ])
    func requestsDecodeToWhatWasEncoded(request: TWSRequest) throws {
        #expect(try TWSRequest(fields: request.fields(serverVersion: 200), serverVersion: 200) == request)
    }
}
