import PQKit
import RedisKit
import Testing

@testable import BackfillCLI
@testable import CommandCore

@Suite struct SettingsTests {
    @Test func flagsBeatEnvironmentWhichBeatsDotEnv() throws {
        let sources = SettingSources(
            flags: ["IBKR_PORT": "7497"],
            environment: ["IBKR_PORT": "4001", "IBKR_HOST": "env-host", "IBKR_CLIENT_ID_POOL": ""],
            dotEnv: ["IBKR_PORT": "4002", "IBKR_HOST": "file-host", "IBKR_CLIENT_ID_POOL": "5-6"]
        )
        let settings = try Settings(sources: sources)
        #expect(settings.gatewayPort == 7497)
        #expect(settings.gatewayHost == "env-host")
        // An empty environment variable does not hide the .env value.
        #expect(settings.clientIDPool.ids == [5, 6])
    }

    @Test func defaultsWhenNothingIsSet() throws {
        let settings = try Settings(sources: SettingSources())
        #expect(settings.redis.endpoint == .tcp(host: "127.0.0.1", port: 6379))
        #expect(settings.database.description == Settings.defaultDatabaseURL)
        #expect(settings.gatewayPort == 4002)
        #expect(settings.clientIDPool.ids == Array(1...32))
        #expect(settings.keyPrefix == "backfill:")
        #expect(settings.hashTag == "bf")
    }

    @Test func keyPrefixAndHashTagAreConfigurable() throws {
        let settings = try Settings(
            sources: SettingSources(environment: ["BACKFILL_KEY_PREFIX": "desk2:", "BACKFILL_HASH_TAG": "d2"])
        )
        #expect(settings.keyPrefix == "desk2:")
        #expect(settings.hashTag == "d2")
        #expect(settings.description.contains("BACKFILL_KEY_PREFIX=desk2:"))
    }

    @Test func descriptionNeverShowsPasswords() throws {
        let settings = try Settings(
            sources: SettingSources(environment: [
                "REDIS_URL": "redis://:redispw@r:6379/0",
                "DATABASE_URL": "postgresql://u:dbpw@db/x",
            ])
        )
        let text = settings.description
        #expect(!text.contains("redispw"))
        #expect(!text.contains("dbpw"))
        #expect(text.contains("DATABASE_URL=postgresql://u:***@db/x"))
    }

    @Test(arguments: [
        ("IBKR_PORT", "0"), ("IBKR_PORT", "http"), ("IBKR_CLIENT_ID_POOL", "5-1"),
        ("REDIS_URL", "http://:secretpw@x"), ("DATABASE_URL", "mysql://u:secretpw@x/db"),
        ("BACKFILL_KEY_PREFIX", "a{b}:"), ("BACKFILL_HASH_TAG", "{x}"),
    ])
    func badSettingsNameTheSettingWithoutSecrets(name: String, value: String) {
        #expect {
            _ = try Settings(sources: SettingSources(environment: [name: value]))
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.setting == name && !error.message.contains("secretpw")
        }
    }
}
