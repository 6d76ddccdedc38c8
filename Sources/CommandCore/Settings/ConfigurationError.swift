/// A setting is missing or malformed. The message names the setting and never repeats a secret.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The setting's name as users write it, e.g. `IBKR_PORT`.
    public var setting: String
    public var message: String

    public init(setting: String, _ message: String) {
        self.setting = setting
        self.message = message
    }

    public var description: String { message }
}
