import Testing

@testable import PQKit

@Suite struct PostgresConfigurationTests {
    @Test func descriptionHidesThePassword() throws {
        let configuration = try PostgresConfiguration(
            url: "postgresql://backfill:hunter2@db:5433/market?sslmode=disable"
        )
        #expect(configuration.description == "postgresql://backfill:***@db:5433/market?sslmode=disable")
        #expect(configuration.url.contains("hunter2"))
    }

    @Test func hidesAPasswordGivenAsAParameter() throws {
        let configuration = try PostgresConfiguration(url: "postgres://db/market?password=hunter2&sslmode=require")
        #expect(!configuration.description.contains("hunter2"))
        #expect(configuration.description.contains("sslmode=require"))
    }

    @Test func scrubsThePasswordFromText() throws {
        let configuration = try PostgresConfiguration(url: "postgresql://u:hunter2@db/market")
        #expect(configuration.scrub("auth failed for hunter2 at db") == "auth failed for *** at db")
        let short = try PostgresConfiguration(url: "postgresql://u:a@db/market")
        #expect(short.scrub("database unavailable") == "database unavailable")
    }

    @Test(arguments: ["mysql://u:hunter2@db/x", "u:hunter2@db", "", "host=db password=hunter2"])
    func rejectsWhatIsNotAPostgresURL(url: String) {
        #expect {
            _ = try PostgresConfiguration(url: url)
        } throws: { error in
            guard let error = error as? PostgresError else { return false }
            return error.code == .invalidConfiguration && !error.description.contains("hunter2")
        }
    }

    @Test(arguments: [
        (
            "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n",
            "Connection refused"
        ),
        ("FATAL:  database \"nope\" does not exist\n", "FATAL:  database \"nope\" does not exist"),
    ])
    func connectionFailureReasonKeepsTheFirstLine(message: String, expected: String) {
        #expect(PostgresConnection.connectionFailureReason(message) == expected)
    }
}

@Suite struct LibraryVersionTests {
    @Test func libpqIsVersionFifteenOrLaterAndThreadSafe() throws {
        let major = try #require(Int(PostgresConnection.libpqVersion.split(separator: ".")[0]))
        #expect(major >= 15)
        #expect(PostgresConnection.libpqIsThreadSafe)
    }
}
