import Foundation

/// A unique Redis key prefix per test (`test:<uuid>:`), so tests on the shared server never collide.
public struct TestKeys: Sendable {
    public let prefix: String

    public init() {
        prefix = "test:\(UUID().uuidString.lowercased()):"
    }

    public func key(_ name: String) -> String { prefix + name }
}
