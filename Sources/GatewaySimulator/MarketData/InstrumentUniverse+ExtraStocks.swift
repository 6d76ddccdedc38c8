extension InstrumentUniverse {
    /// This universe plus a plain NYSE stock for each symbol not already in it (`backfill sim --add-symbol`).
    ///
    /// For tests and trials that need a symbol the standard universe lacks, e.g. to show that a chunk
    /// dead-lettered with error 200 completes after `backfill retry` once the gateway knows the symbol. Each added
    /// stock has data from 2000-01-03, a price of 50 and a contract id from 9001 on, in the order given, so the
    /// same flags always give the same bars.
    public func addingStocks(_ symbols: [String]) -> InstrumentUniverse {
        var added: [SimulatedInstrument] = []
        for (offset, symbol) in symbols.map({ $0.uppercased() }).enumerated() {
            let known = instruments.contains { $0.symbol == symbol && $0.secType == "STK" }
            guard !known, !added.contains(where: { $0.symbol == symbol }),
                let stock = Self.stock(
                    9_001 + offset,
                    symbol,
                    "NYSE",
                    "\(symbol) (SIMULATED)",
                    50,
                    20_000,
                    "20000103",
                    ("Simulated", "Simulated", "Simulated")
                )
            else { continue }
            added.append(stock)
        }
        return added.isEmpty ? self : InstrumentUniverse(instruments: instruments + added)
    }
}
