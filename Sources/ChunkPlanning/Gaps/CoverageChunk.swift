/// A chunk as gap finding sees it: the span it asked for, its state and what IB last said.
public struct CoverageChunk: Sendable, Hashable {
    public var id: String
    public var window: Range<Int64>
    /// The `chunks.state` text: `pending`, `queued`, `running`, `retrying`, `done`, `empty`, `dead`, `cancelled`.
    public var state: String
    public var errorCode: Int?
    public var errorText: String?

    /// Creates one.
    public init(id: String, window: Range<Int64>, state: String, errorCode: Int? = nil, errorText: String? = nil) {
        self.id = id
        self.window = window
        self.state = state
        self.errorCode = errorCode
        self.errorText = errorText
    }
}
