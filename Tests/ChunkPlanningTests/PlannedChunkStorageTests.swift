import ChunkPlanning
import MarketCalendar
import TWSProtocol
import Testing

/// The planner keeps its chunks compact (one shared record per contract, ids as numbers, end times derived from
/// the window): none of that may show. A planned chunk must be indistinguishable from one built field by field.
@Suite("Planned chunks: compact storage, same values")
struct PlannedChunkStorageTests: PlannerFixtures {
    @Test(
        "A planned chunk equals the chunk rebuilt from its fields, id included",
        arguments: [("1 min", "TRADES", true), ("5 mins", "MIDPOINT", false), ("1 day", "TRADES", true)]
    )
    func rebuiltChunksAreEqual(bar name: String, whatToShow: String, rth: Bool) throws {
        // IB has no TRADES for currencies.
        let planned = try plan(
            whatToShow == "TRADES" ? [aapl, msft, esm4] : [aapl, eurusd, esm4],
            from: utc(2024, 1, 1),
            to: utc(2024, 4, 1),
            bar: name,
            whatToShow: whatToShow,
            rth: rth
        ).chunks
        #expect(!planned.isEmpty)
        for chunk in planned {
            let rebuilt = PlannedChunk(
                contract: chunk.contract,
                barSize: chunk.barSize,
                whatToShow: chunk.whatToShow,
                useRTH: chunk.useRTH,
                endDateTime: chunk.endDateTime,
                duration: chunk.duration,
                windowEnd: chunk.windowEnd,
                expectedBars: chunk.expectedBars
            )
            #expect(rebuilt == chunk)
            #expect(rebuilt.hashValue == chunk.hashValue)
            #expect(rebuilt.id.rawValue == chunk.id.rawValue)
            #expect(chunk.endDateTime == PlannedChunk.endDateTimeText(chunk.windowEnd))
        }
    }

    @Test("An endless chunk keeps its empty end time and its id")
    func endlessChunk() throws {
        let chunks = try plan(
            [esContinuous],
            from: utc(2024, 5, 1),
            to: utc(2024, 5, 20),
            bar: "1 hour",
            rth: false,
            now: utc(2024, 5, 21)
        ).chunks
        let chunk = try #require(chunks.first)
        #expect(chunks.count == 1)
        #expect(chunk.endDateTime.isEmpty)
        let id = ChunkID(
            contract: esContinuous,
            barSize: bar("1 hour"),
            whatToShow: "TRADES",
            useRTH: false,
            endDateTime: "",
            duration: chunk.duration
        )
        #expect(chunk.id == id)
    }

    @Test("Chunks differing in one field are not equal")
    func differences() {
        func chunk(end: String = "20240105-21:00:00", bars: Int = 1_950, rth: Bool = true) -> PlannedChunk {
            PlannedChunk(
                contract: aapl,
                barSize: bar("1 min"),
                whatToShow: "TRADES",
                useRTH: rth,
                endDateTime: end,
                duration: .weeks(1),
                windowEnd: utc(2024, 1, 5, 21),
                expectedBars: bars
            )
        }
        #expect(chunk() == chunk())
        #expect(chunk() != chunk(end: "20240105-21:00:01"))
        #expect(chunk() != chunk(bars: 1))
        #expect(chunk() != chunk(rth: false))
    }

    @Test(
        "End times are spelled yyyyMMdd-HH:mm:ss, zero-padded, for any instant",
        arguments: [
            (Int64(0), "19700101-00:00:00"), (Int64(-1), "19691231-23:59:59"),
            (Int64(1_704_488_400), "20240105-21:00:00"),
            (Int64(951_782_399), "20000228-23:59:59"), (Int64(951_782_400), "20000229-00:00:00"),
            (Int64(-59_011_459_200), "01000101-00:00:00"), (Int64(253_402_300_799), "99991231-23:59:59"),
        ]
    )
    func endTimes(epochSeconds: Int64, text: String) {
        #expect(PlannedChunk.endDateTimeText(epochSeconds) == text)
    }

    @Test("Ids read back from text are the same ids, ordered as their text")
    func idText() throws {
        let ids = [
            "00000000000000000000000000000000", "0000000000000000ffffffffffffffff", "0123456789abcdef0123456789abcdef",
            "ac1dede08a8318400916bfe6346a5cea", "ffffffffffffffff0000000000000000",
        ]
        let parsed = try ids.map { try #require(ChunkID(rawValue: $0)) }
        #expect(parsed.map(\.rawValue) == ids)
        #expect(parsed.sorted() == parsed)
        #expect(parsed.map(\.description) == ids)
    }
}
