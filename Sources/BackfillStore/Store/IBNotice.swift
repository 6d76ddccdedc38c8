/// A code and text IB answered with, kept on a chunk row: why a chunk is empty or dead (`gaps`, `dead`).
public struct IBNotice: Sendable, Hashable {
    /// IB's error code, when the answer had one.
    public var code: Int?
    /// IB's text, as it came.
    public var text: String

    /// Creates a notice.
    public init(code: Int?, text: String) {
        self.code = code
        self.text = text
    }
}
