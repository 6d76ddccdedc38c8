import Testing

@testable import BackfillCLI
@testable import CommandCore

@Suite struct ClientIDPoolTests {
    @Test(arguments: [
        ("1-32", Array(1...32), "1-32"),
        ("7", [7], "7"),
        ("1-3, 10, 2-4,20-21", [1, 2, 3, 4, 10, 20, 21], "1-4,10,20-21"),
        ("0", [0], "0"),
    ])
    func parsesListsAndRanges(text: String, ids: [Int], description: String) throws {
        let pool = try ClientIDPool(parsing: text)
        #expect(pool.ids == ids)
        #expect(pool.description == description)
    }

    @Test(arguments: ["", "a-b", "5-1", "-3", "1-2-3", "1,,x", "-1", "1-99999999999", "0-200000"])
    func rejectsMalformedPools(text: String) {
        #expect(throws: ConfigurationError.self) { try ClientIDPool(parsing: text) }
    }
}
