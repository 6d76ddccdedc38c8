import BarValidation
import TWSProtocol
import Testing

@Suite("TickValidator")
struct TickValidatorTests {
    func trade(_ time: Int64, _ price: String, _ size: String = "100") -> HistoricalTick {
        HistoricalTick(time: time, price: price, size: size, exchange: "NASDAQ")
    }

    @Test("positions count IB's order within each second, and dropping a bad tick shifts no other key")
    func positions() {
        let validator = TickValidator(pageStart: 10, sessionEnd: 20, kind: .trade)
        let (ticks, anomalies) = validator.validate([
            trade(10, "1.5"), trade(10, "0"), trade(10, "1.6"), trade(11, "NaN"), trade(11, "1.7"), trade(12, "1.8"),
        ])
        #expect(ticks.map { "\($0.tick.time)#\($0.position)" } == ["10#0", "10#2", "11#1", "12#0"])
        #expect(anomalies.nonPositivePrice == 1 && anomalies.notANumber == 1 && anomalies.total == 2)
        #expect(ticks.map(\.tick.price) == ["1.5", "1.6", "1.7", "1.8"])
    }

    @Test("ticks outside the page or past the session are dropped; out-of-order ticks are sorted, counted")
    func order() {
        let validator = TickValidator(pageStart: 10, sessionEnd: 20, kind: .midpoint)
        let (ticks, anomalies) = validator.validate([
            HistoricalTick(time: 12, price: "2", size: "0"), HistoricalTick(time: 11, price: "1", size: "0"),
            HistoricalTick(time: 9, price: "1", size: "0"), HistoricalTick(time: 20, price: "3", size: "0"),
        ])
        #expect(ticks.map(\.tick.time) == [11, 12])
        #expect(anomalies.outOfOrder == 2 && anomalies.outsideSession == 2)
    }

    @Test("crossed quotes are kept and counted; quotes with sizes that are not numbers are dropped")
    func quotes() {
        let validator = TickValidator(pageStart: 0, sessionEnd: 100, kind: .bidAsk)
        let (ticks, anomalies) = validator.validate([
            HistoricalTick(time: 1, price: "10.01", size: "300", askPrice: "10.00", askSize: "200"),
            HistoricalTick(time: 2, price: "10.00", size: "300", askPrice: "10.02", askSize: "200"),
            HistoricalTick(time: 3, price: "10.00", size: "", askPrice: "10.02", askSize: "200"),
        ])
        #expect(ticks.map(\.tick.time) == [1, 2])
        #expect(anomalies.crossedQuotes == 1 && anomalies.notANumber == 1)
        #expect(anomalies.description == "notANumber=1 crossedQuotes=1")
    }
}
