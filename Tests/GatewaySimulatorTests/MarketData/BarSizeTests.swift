import GatewaySimulator
import TWSProtocol
import Testing

@Suite("Exact bar size spellings and SimulatedWhatToShow")
struct BarSizeTests {
    @Test("every IB spelling parses, with its length")
    func spellings() {
        let expected: [(String, Int64)] = [
            ("1 secs", 1), ("5 secs", 5), ("10 secs", 10), ("15 secs", 15), ("30 secs", 30), ("1 min", 60),
            ("2 mins", 120), ("3 mins", 180), ("5 mins", 300), ("10 mins", 600), ("15 mins", 900),
            ("20 mins", 1_200), ("30 mins", 1_800), ("1 hour", 3_600), ("2 hours", 7_200), ("3 hours", 10_800),
            ("4 hours", 14_400), ("8 hours", 28_800), ("1 day", 86_400), ("1 week", 604_800),
            ("1 month", 2_592_000),
        ]
        #expect(BarSizeSetting.all.count == expected.count)
        for (text, seconds) in expected {
            #expect(BarSizeSetting(ibName: text)?.seconds == Int(seconds), "\(text)")
            #expect(BarSizeSetting(ibName: text)?.ibName == text)
        }
        #expect(!BarSizeSetting.oneHour.isDaily && BarSizeSetting.oneDay.isDaily)
    }

    @Test("near misses are rejected")
    func rejects() {
        for bad in ["1 sec", "1 mins", "1 hours", "1 days", "1W", "1M", "1 Min", " 1 min", "1min", "60 secs", ""] {
            #expect(BarSizeSetting(ibName: bad) == nil, "accepted \(bad)")
        }
    }

    @Test("whatToShow spellings and volume reporting")
    func whatToShow() {
        #expect(SimulatedWhatToShow(wireValue: "BID_ASK") == .bidAsk)
        #expect(SimulatedWhatToShow(wireValue: "ADJUSTED_LAST") == .adjustedLast)
        #expect(SimulatedWhatToShow(wireValue: "trades") == nil)
        #expect(SimulatedWhatToShow(wireValue: "HISTORICAL_VOLATILITY") == nil)
        #expect(SimulatedWhatToShow.trades.reportsVolume)
        #expect(!SimulatedWhatToShow.midpoint.reportsVolume)
        #expect(!SimulatedWhatToShow.bidAsk.reportsVolume)
    }
}
