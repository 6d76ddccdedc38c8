import PQKit
import Testing

@Suite struct PostgresValueTests {
    @Test func bindsScalarsAsText() {
        #expect(42.postgresText == "42")
        #expect(Int64.min.postgresText == "-9223372036854775808")
        #expect(true.postgresText == "t")
        #expect(Double.nan.postgresText == "NaN")
        #expect((-Double.infinity).postgresText == "-Infinity")
        #expect(0.1.postgresText == "0.1")
        #expect(Optional<Int>.none.postgresText == nil)
        #expect(PostgresNull().postgresText == nil)
    }

    @Test func byteaRoundTripsThroughHex() throws {
        let bytes: [UInt8] = [0x00, 0x0a, 0xff, 0x5c]
        let text = try #require(bytes.postgresText)
        #expect(text == "\\x000aff5c")
        #expect([UInt8](postgresText: text) == bytes)
        #expect([UInt8](postgresText: "\\x0") == nil)
        #expect([UInt8](postgresText: "\\xzz") == nil)
        #expect([UInt8](postgresText: "plain") == nil)
    }

    @Test func decodesScalars() {
        #expect(Int(postgresText: "12") == 12)
        #expect(Int(postgresText: "1.5") == nil)
        #expect(Bool(postgresText: "t") == true)
        #expect(Bool(postgresText: "yes") == nil)
        #expect(Double(postgresText: "Infinity") == .infinity)
        #expect(Double(postgresText: "2.25") == 2.25)
    }

    @Test func identifierStatementsQuoteTheIdentifier() {
        let query = PostgresQuery(identifierStatement: "DROP SCHEMA {} CASCADE", identifier: "a\"; DROP TABLE x; --")
        #expect(query.sql == "DROP SCHEMA \"a\"\"; DROP TABLE x; --\" CASCADE")
    }
}
