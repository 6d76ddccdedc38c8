#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where settings come from, highest precedence first: command-line flags, the process environment, then a
/// `.env` file in the working directory.
public struct SettingSources: Sendable {
    /// Values given as flags, by setting name (`DATABASE_URL`).
    public var flags: [String: String]
    public var environment: [String: String]
    public var dotEnv: [String: String]

    public init(flags: [String: String] = [:], environment: [String: String] = [:], dotEnv: [String: String] = [:]) {
        self.flags = flags
        self.environment = environment
        self.dotEnv = dotEnv
    }

    /// The flags given, this process's environment, and `.env` from `directory` if there is one.
    ///
    /// - Throws: ``ConfigurationError`` if `.env` exists but cannot be read or parsed.
    public static func current(
        flags: [String: String],
        directory: String = FileManager.default.currentDirectoryPath
    ) throws(ConfigurationError) -> SettingSources {
        let path = directory.hasSuffix("/") ? directory + ".env" : directory + "/.env"
        var dotEnv: [String: String] = [:]
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError(setting: ".env", "Cannot read \(path).")
            }
            dotEnv = try DotEnvFile(parsing: String(decoding: data, as: UTF8.self)).values
        }
        return SettingSources(flags: flags, environment: ProcessInfo.processInfo.environment, dotEnv: dotEnv)
    }

    /// The value of `name` from the first source that has a non-empty one.
    public func value(_ name: String) -> String? {
        for source in [flags, environment, dotEnv] {
            if let value = source[name], !value.isEmpty { return value }
        }
        return nil
    }
}
