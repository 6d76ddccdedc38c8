import ChunkPlanning
import TWSProtocol
import Testing

@Suite("ChunkID")
struct ChunkIDTests: PlannerFixtures {
    private func id(
        _ contract: Contract? = nil,
        bar name: String = "1 min",
        whatToShow: String = "TRADES",
        rth: Bool = true,
        end: String = "20240105-21:00:00",
        duration: IBDuration = .weeks(1)
    ) -> ChunkID {
        ChunkID(
            contract: contract ?? aapl,
            barSize: bar(name),
            whatToShow: whatToShow,
            useRTH: rth,
            endDateTime: end,
            duration: duration
        )
    }

    @Test("Stable across processes and releases: 32 hex digits, pinned")
    func pinned() {
        let value = id()
        #expect(value.rawValue.count == 32)
        #expect(ChunkID(rawValue: value.rawValue) == value)
        #expect(value.rawValue == "ac1dede08a8318400916bfe6346a5cea")
    }

    @Test("Every request field changes the id")
    func fieldsMatter() {
        var withConId = aapl
        withConId.conId = 265_598
        let variants = [
            id(), id(msft), id(withConId), id(bar: "5 mins"), id(whatToShow: "BID"), id(rth: false),
            id(end: "20240105-21:00:01"), id(duration: .days(5)), id(duration: .weeks(2)), id(end: ""),
        ]
        #expect(Set(variants).count == variants.count)
    }

    @Test("Only the identity of the contract counts: conId when set, else the naming fields")
    func identity() {
        var routed = aapl
        routed.tradingClass = "NMS"
        routed.includeExpired = true
        routed.multiplier = "1"
        #expect(id(routed) == id(aapl))
        var first = aapl
        first.conId = 265_598
        var second = msft
        second.conId = 265_598
        #expect(id(first) == id(second))
        var other = aapl
        other.primaryExchange = "NYSE"
        #expect(id(other) != id(aapl))
    }

    @Test("Field boundaries cannot be shifted to forge a collision")
    func noAmbiguity() {
        let a = Contract(symbol: "AB", secType: .stock, exchange: "SMART", currency: "USD", localSymbol: "C")
        let b = Contract(symbol: "A", secType: .stock, exchange: "SMART", currency: "USD", localSymbol: "BC")
        #expect(id(a) != id(b))
    }

    @Test("Malformed raw values are refused")
    func rawValues() {
        for text in ["", "0123", String(repeating: "g", count: 32), String(repeating: "A", count: 32)] {
            #expect(ChunkID(rawValue: text) == nil)
        }
    }

    @Test("Planning twice gives identical chunks and ids")
    func planTwice() throws {
        let first = try plan([aapl, msft, spx], from: utc(2023, 1, 1), to: utc(2024, 1, 1), bar: "5 mins", rth: true)
        let second = try plan([aapl, msft, spx], from: utc(2023, 1, 1), to: utc(2024, 1, 1), bar: "5 mins", rth: true)
        #expect(first == second)
        #expect(Set(first.chunks.map(\.id)).count == first.chunks.count)
    }
}
