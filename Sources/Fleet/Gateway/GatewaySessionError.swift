/// A gateway session that can no longer be used.
public struct GatewaySessionError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
