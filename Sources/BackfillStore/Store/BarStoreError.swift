/// A commit that ``BarStore`` refused before writing anything; ``message`` is one sentence saying why.
///
/// Database failures are thrown as PQKit's `PostgresError` instead; either way the transaction is rolled back and
/// neither bars nor chunk state change.
public struct BarStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unknownChunk
            case chunkMismatch
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// No chunk has this id (Redis and Postgres disagree, or the backfill was deleted).
        public static let unknownChunk = Code(.unknownChunk)
        /// The chunk's instrument, bar size or what-to-show differ from the ones given: the caller mixed up chunks,
        /// and storing the bars would file them under the wrong series.
        public static let chunkMismatch = Code(.chunkMismatch)

        /// The code's name, e.g. `unknownChunk`.
        public var description: String {
            base.rawValue
        }
    }

    /// The kind of problem.
    public let code: Code
    /// One sentence for logs; it contains no secrets.
    public let message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - message: One sentence saying what is wrong.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// ``message``.
    public var description: String {
        message
    }
}
