import ChunkPlanning
import Foundation
import TWSProtocol
import Testing

@Suite struct DateRangeInputTests {
    @Test func inclusiveDatesCoverWholeDays() throws {
        let range = try DateRangeInput(from: "2015-01-01", to: "2024-12-31")
        #expect(range.start == 1_420_070_400)  // 2015-01-01T00:00:00Z
        #expect(range.end == 1_735_689_600)  // 2025-01-01T00:00:00Z
        #expect(try DateRangeInput(from: "20240105", to: "20240105").end - 1_704_412_800 == 86400)
    }

    @Test(arguments: [
        ("2024-01-05T14:30:00Z", Int64(1_704_465_000)), ("2024-01-05 14:30:00", 1_704_465_000),
        ("20240105-14:30:00", 1_704_465_000),
    ])
    func timestampsAreExact(text: String, expected: Int64) throws {
        #expect(try DateRangeInput(from: text, to: "2024-01-06").start == expected)
        #expect(try DateRangeInput(from: "2024-01-01", to: text).end == expected)
    }

    @Test(arguments: [
        ("2024-02-30", "2024-03-01"), ("yesterday", "2024-01-01"), ("2024-01-05", "2024-01-04"),
        ("2024-01-05T25:00:00Z", "2024-02-01"),
    ])
    func badRangesAreOneSentence(from: String, to: String) {
        #expect(throws: InputError.self) { try DateRangeInput(from: from, to: to) }
    }
}

@Suite struct SymbolListInputTests {
    @Test func commaListAndFileAreMergedWithoutDuplicates() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("symbols-\(UUID().uuidString).txt")
        try
            "# my universe\nAAPL\n\nsecType=FUT,symbol=ES,exchange=CME,lastTradeDateOrContractMonth=202412  # December\nMSFT\n"
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let contracts = try SymbolListInput.contracts(symbols: "AAPL,EUR/USD.IDEALPRO", file: file.path)
        #expect(contracts.map(\.symbol) == ["AAPL", "EUR", "ES", "MSFT"])
        #expect(contracts[2].lastTradeDateOrContractMonth == "202412")
    }

    @Test func aBadSymbolNamesItsPlace() throws {
        #expect {
            try SymbolListInput.contracts(symbols: "AAPL,BAD$", file: nil)
        } throws: { error in
            (error as? InputError)?.message.hasPrefix("--symbols:") == true
        }
        for list in ["AAPL,,MSFT", "AAPL,", ",AAPL", "AAPL, ,MSFT"] {
            #expect(throws: InputError.self, "\(list)") { try SymbolListInput.contracts(symbols: list, file: nil) }
        }
        #expect(throws: InputError.self) { try SymbolListInput.contracts(symbols: nil, file: nil) }
        #expect(throws: InputError.self) { try SymbolListInput.contracts(symbols: nil, file: "/nonexistent/file") }
    }
}
