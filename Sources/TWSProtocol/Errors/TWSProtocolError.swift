/// A violation of the TWS wire format. The connection that produced it cannot be trusted any further.
public struct TWSProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case frameTooLarge
            case malformedFields
            case invalidGreeting
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A length prefix above ``TWSFrameDecoder/maximumPayloadLength``.
        public static let frameTooLarge = Code(.frameTooLarge)
        /// A payload that is not NUL-terminated fields, or holds bytes that are not text.
        public static let malformedFields = Code(.malformedFields)
        /// The connection did not open with `API\0` and a version range.
        public static let invalidGreeting = Code(.invalidGreeting)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
