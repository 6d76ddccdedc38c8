import GatewaySimulator
import Testing

@Suite("PriceText")
struct PriceTextTests {
    @Test("parses minimum ticks")
    func parse() throws {
        let cent = try #require(PriceText(minTick: "0.01"))
        #expect(cent.decimals == 2 && cent.tickUnits == 1)
        let quarter = try #require(PriceText(minTick: "0.25"))
        #expect(quarter.decimals == 2 && quarter.tickUnits == 25)
        let pip = try #require(PriceText(minTick: "0.00005"))
        #expect(pip.decimals == 5 && pip.tickUnits == 5)
        let whole = try #require(PriceText(minTick: "5"))
        #expect(whole.decimals == 0 && whole.tickUnits == 5)
        for bad in ["", "0", "0.00", "-0.01", "1e-2", "0.0.1", ".", "abc", "0.0000000001"] {
            #expect(PriceText(minTick: bad) == nil, "accepted \(bad)")
        }
    }

    @Test("formats ticks exactly")
    func ticks() throws {
        let cent = try #require(PriceText(minTick: "0.01"))
        #expect(cent.text(ticks: 18_715) == "187.15")
        #expect(cent.text(ticks: 5) == "0.05")
        #expect(cent.text(ticks: 18_700) == "187.00")
        let quarter = try #require(PriceText(minTick: "0.25"))
        #expect(quarter.text(ticks: 20_801) == "5200.25")
        let pip = try #require(PriceText(minTick: "0.00005"))
        #expect(pip.text(ticks: 21_601) == "1.08005")
        #expect(pip.text(1.080_049_999_9) == "1.08005")
        #expect(cent.text(187.149_999_999_99) == "187.15")
        #expect(cent.ticks(nearest: .nan) == 0)
    }

    @Test("formats scaled integers and doubles")
    func scaled() {
        #expect(PriceText.format(scaled: -1, decimals: 0) == "-1")
        #expect(PriceText.format(scaled: 12_345, decimals: 0) == "12345")
        #expect(PriceText.format(scaled: 150, decimals: 4) == "0.0150")
        #expect(PriceText.format(scaled: -5, decimals: 2) == "-0.05")
        #expect(PriceText.format(187.153_49, decimals: 3) == "187.153")
        #expect(PriceText.format(0.1 + 0.2, decimals: 2) == "0.30")
        #expect(PriceText.format(.infinity, decimals: 2) == "0")
    }
}
