import ArgumentParser
import GlobalPacer
import PQKit
import RedisKit
import WorkQueue

extension CommandFailure {
    /// For the long-running commands (`worker`, `scheduler`, `dashboard`): a failure to reach or use PostgreSQL,
    /// Redis, the queue or the pacer becomes one sentence and exit status 1. Any other error is thrown on, or, given
    /// `otherwise` (what the command was doing), said after it with status 1; an exit code passes through.
    package static func exitForServiceError(_ error: any Error, otherwise: String? = nil) throws -> Never {
        switch error {
        case let error as PostgresError: print(postgres: error)
        case let error as RedisError: print(error.description)
        case let error as WorkQueueError: print(error.description)
        case let error as PacerError: print(error.description)
        case is ExitCode: throw error
        default:
            guard let otherwise else { throw error }
            print("\(otherwise): \(error)")
        }
        throw ExitCode.failure
    }
}
