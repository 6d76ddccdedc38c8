import ArgumentParser
import CommandCore
import PQKit
import RedisKit

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the settings in effect (flags, then environment, then .env), with passwords hidden."
    )

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let (settings, _) = try connection.resolve()
        print(settings)
        print("# hiredis \(RedisConnection.hiredisVersion), libpq \(PostgresConnection.libpqVersion)")
    }
}
