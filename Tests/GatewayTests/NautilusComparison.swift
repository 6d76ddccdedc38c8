import Foundation
import TWSProtocol
import Testing

/// Compares what Nautilus made of the simulator's answers with what our client decoded from the same answers.
enum NautilusComparison {
    static func instrument(_ nautilus: [String: Any], equals ours: ContractDetails, _ name: String) {
        let text: (String) -> String = { nautilus[$0].map { "\($0)" } ?? "" }
        #expect(text("localSymbol") == ours.contract.localSymbol, "\(name)")
        #expect(text("lastTradeDateOrContractMonth") == ours.contract.lastTradeDateOrContractMonth, "\(name)")
        #expect(text("timeZoneId") == ours.timeZoneID, "\(name)")
        #expect(text("tradingHours") == ours.tradingHours, "\(name)")
        #expect(text("liquidHours") == ours.liquidHours, "\(name)")
        #expect(text("longName") == ours.longName, "\(name)")
        #expect(text("marketRuleIds") == ours.marketRuleIDs, "\(name)")
        #expect(text("realExpirationDate") == ours.realExpirationDate, "\(name)")
        #expect(nautilus["underConId"] as? Int == ours.underConID, "\(name)")
        #expect(Double(text("price_increment")) == Double(ours.minTick), "\(name): \(text("price_increment"))")
        let securityIDs = nautilus["secIdList"] as? [String: String] ?? [:]
        #expect(securityIDs["ISIN"] == ours.isin, "\(name)")
        if ours.contract.secType == .stock {
            #expect(ours.isin != nil && text("isin") == ours.isin, "\(name): Nautilus's equity needs the ISIN")
        }
        if ours.contract.secType == .future || ours.contract.secType == .continuousFuture {
            #expect(text("underlying") == ours.underSymbol, "\(name)")
            #expect(Double(text("multiplier")) == Double(ours.contract.multiplier), "\(name)")
        }
    }

    /// Nautilus's bars are ours, value for value, each shifted by one constant (Nautilus stamps a bar at its
    /// close; IB and we at its open).
    static func bars(_ nautilus: Any?, equal ours: [Bar], _ name: String) {
        let rows = nautilus as? [[Any]] ?? []
        var byTime: [Int64: Bar] = [:]
        for bar in ours { byTime[Int64(bar.date) ?? 0] = bar }
        let expected = byTime.keys.sorted().map { byTime[$0]! }
        #expect(rows.count == expected.count, "\(name): Nautilus kept \(rows.count) bars, we got \(expected.count)")
        var offsets = Set<Int64>()
        for (row, bar) in zip(rows, expected) {
            guard row.count == 6, let nanoseconds = row[0] as? Int64 ?? (row[0] as? Int).map(Int64.init) else {
                Issue.record("\(name): malformed bar row \(row)")
                return
            }
            offsets.insert(nanoseconds / 1_000_000_000 - (Int64(bar.date) ?? 0))
            let values = row[1...].map { Double("\($0)") }
            // IB sends -1 as the volume of bars without one (MIDPOINT); Nautilus makes that 0
            // (`_ib_bar_to_nautilus_bar` in its market_data.py).
            let volume = bar.volume == "-1" ? "0" : bar.volume
            let ourValues = [bar.open, bar.high, bar.low, bar.close, volume].map { Double($0) }
            if values != ourValues {
                Issue.record("\(name): bar at \(bar.date) is \(row) in Nautilus, \(ourValues) in ours")
                return
            }
        }
        #expect(offsets.count <= 1, "\(name): bar times shifted unevenly: \(offsets.sorted())")
    }

    /// Nautilus's ticks are ours within the window it asked for, in order, value for value.
    static func ticks(_ nautilus: Any?, equal ours: [HistoricalTick], within window: [Int], _ name: String) {
        let rows = nautilus as? [[Any]] ?? []
        let range = Int64(window.first ?? 0)...Int64(window.last ?? 0)
        // Nautilus pages back from the end, each page ending just before the last one's earliest tick, keeps what
        // lies in the window and sorts by time (stably): the same of our pages, in the order they were asked for.
        let expected = ours.enumerated().filter { range.contains($0.element.time) }
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        #expect(rows.count == expected.count, "\(name): Nautilus kept \(rows.count) ticks, we got \(expected.count)")
        for (row, tick) in zip(rows, expected) {
            let seconds = ((row.first as? Int64) ?? (row.first as? Int).map(Int64.init) ?? 0) / 1_000_000_000
            let values = row.dropFirst().map { Double("\($0)") }
            let ourValues =
                row.count == 5
                ? [tick.price, tick.askPrice, tick.size, tick.askSize].map { Double($0) }
                : [tick.price, tick.size].map { Double($0) }
            if seconds != tick.time || values != ourValues {
                Issue.record("\(name): tick \(row) in Nautilus, \(tick) in ours")
                return
            }
        }
    }
}
