/// A symbol or contract spec that cannot be turned into a ``Contract``; the message says what is wrong.
public struct ContractParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let input: String
    public let message: String

    public init(input: String, _ message: String) {
        self.input = input
        self.message = message
    }

    public var description: String { message }
}
