import RedisKit
import Testing

@Suite struct RedisConfigurationTests {
    @Test func parsesHostPortAndDatabase() throws {
        let configuration = try RedisConfiguration(url: "redis://cache.internal:6380/3")
        #expect(configuration.endpoint == .tcp(host: "cache.internal", port: 6380))
        #expect(configuration.database == 3)
        #expect(configuration.password == nil)
        #expect(configuration.username == nil)
    }

    @Test func defaultsPortAndDatabase() throws {
        let configuration = try RedisConfiguration(url: "redis://localhost")
        #expect(configuration.endpoint == .tcp(host: "localhost", port: 6379))
        #expect(configuration.database == 0)
    }

    @Test func parsesPasswordOnlyAndUserPassword() throws {
        let passwordOnly = try RedisConfiguration(url: "redis://:s%40cret@localhost:6379/1")
        #expect(passwordOnly.password == "s@cret")
        #expect(passwordOnly.username == nil)
        let acl = try RedisConfiguration(url: "redis://worker:pw@localhost")
        #expect(acl.username == "worker")
        #expect(acl.password == "pw")
    }

    @Test func parsesUnixSockets() throws {
        let plain = try RedisConfiguration(url: "/var/run/redis/redis.sock")
        #expect(plain.endpoint == .unixSocket(path: "/var/run/redis/redis.sock"))
        let url = try RedisConfiguration(url: "unix:///tmp/redis.sock?db=2&password=hunter2")
        #expect(url.endpoint == .unixSocket(path: "/tmp/redis.sock"))
        #expect(url.database == 2)
        #expect(url.password == "hunter2")
    }

    @Test func descriptionHidesThePassword() throws {
        let configuration = try RedisConfiguration(url: "redis://user:hunter2@localhost:6379/4")
        #expect(configuration.description == "redis://user:***@localhost:6379/4")
        let socket = try RedisConfiguration(url: "unix:///tmp/r.sock?password=hunter2")
        #expect(!socket.description.contains("hunter2"))
    }

    @Test(arguments: [
        "http://localhost:6379",
        "redis://:pw@",
        "redis://localhost:70000",
        "redis://localhost/abc",
        "rediss://localhost",
        "not a url",
    ])
    func rejectsBadURLsWithoutEchoingSecrets(url: String) {
        #expect {
            _ = try RedisConfiguration(url: url)
        } throws: { error in
            guard let error = error as? RedisError else { return false }
            return error.code == .invalidConfiguration && !error.description.contains(":pw")
        }
    }
}
