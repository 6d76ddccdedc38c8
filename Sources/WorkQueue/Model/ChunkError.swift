/// The last failure recorded for a chunk, with IB's own code and text.
public struct ChunkError: Sendable, Hashable {
    /// How the failure was classified.
    public var failureClass: FailureClass
    /// IB's error code, when the failure came from IB.
    public var code: Int?
    /// IB's error text, or a description of what went wrong.
    public var message: String
    /// When the failure was recorded.
    public var at: RedisTime

    public init(failureClass: FailureClass, code: Int?, message: String, at: RedisTime) {
        self.failureClass = failureClass
        self.code = code
        self.message = message
        self.at = at
    }
}
