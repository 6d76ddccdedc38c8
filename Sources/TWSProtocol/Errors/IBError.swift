/// An error or notice IB sent (IN 4), with its classification.
///
/// `description` is IB's own code and text, which hold no secrets.
public struct IBError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request id it concerns, or -1 for connection-wide notices.
    public var requestID: Int
    public var code: Int
    public var message: String
    /// Present from server version 166.
    public var advancedOrderRejectJSON: String
    /// Epoch milliseconds, present from server version 194.
    public var errorTime: Int64?

    public init(
        requestID: Int,
        code: Int,
        message: String,
        advancedOrderRejectJSON: String = "",
        errorTime: Int64? = nil
    ) {
        self.requestID = requestID
        self.code = code
        self.message = message
        self.advancedOrderRejectJSON = advancedOrderRejectJSON
        self.errorTime = errorTime
    }

    /// What to do about it; see ``IBErrorClassifier``.
    public var classification: IBErrorClass { IBErrorClassifier.classify(code: code, message: message) }

    public var description: String { "IB error \(code): \(message)" }
}
