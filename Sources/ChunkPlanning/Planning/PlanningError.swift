/// A backfill request the planner cannot turn into chunks; ``message`` is one sentence saying why.
///
/// Nothing is enqueued when planning throws. The CLI prints ``description`` and exits with status 2.
public struct PlanningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is, for callers that react differently (tests, the CLI's exit status).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case noContracts
            case emptyRange
            case rangeInFuture
            case unsupportedWhatToShow
            case invalidContract
            case invalidDuration
            case rangeTooLongForEndlessRequest
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The request names no contract.
        public static let noContracts = Code(.noContracts)
        /// `from` is not before `to`.
        public static let emptyRange = Code(.emptyRange)
        /// The range starts at or after `now` (nothing has happened yet).
        public static let rangeInFuture = Code(.rangeInFuture)
        /// IB has no such data for the contract (for example `TRADES` for a currency pair), or Backfill does not
        /// download that kind.
        public static let unsupportedWhatToShow = Code(.unsupportedWhatToShow)
        /// The contract has neither a conId nor a symbol or local symbol.
        public static let invalidContract = Code(.invalidContract)
        /// A chunk-size override breaks IB's duration rules.
        public static let invalidDuration = Code(.invalidDuration)
        /// A continuous future or `ADJUSTED_LAST` request (which IB only serves back from now) would need a longer
        /// duration than the chunk-size table allows for the bar size.
        public static let rangeTooLongForEndlessRequest = Code(.rangeTooLongForEndlessRequest)

        /// The code's name, e.g. `emptyRange`.
        public var description: String {
            base.rawValue
        }
    }

    /// The kind of problem.
    public let code: Code
    /// One sentence for the user; it contains no secrets.
    public let message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - message: One sentence saying what is wrong and, where possible, what to do.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// ``message``.
    public var description: String {
        message
    }
}
