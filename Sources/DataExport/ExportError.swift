/// An export that could not be done; ``message`` is one sentence for the user, with no secret in it.
public struct ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is: bad input (exit status 2, nothing written) or a failure along the way.
    public enum Code: String, Sendable, Hashable {
        /// The request cannot be served as given: an unknown instrument, a bad range, an unwritable directory.
        case invalidRequest
        /// Writing or compressing failed part-way; files of this export are removed.
        case failed
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
