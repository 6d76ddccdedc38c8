import Foundation
import PQKit

/// How a command reports a failure: one line on standard error, prefixed with the program name.
///
/// Callers pass an error's `description`, which every Backfill error keeps free of secrets.
enum CommandFailure {
    static func print(_ message: String) {
        FileHandleOutput.standardError("backfill: " + tidy(message))
    }

    /// One line, and one period where a quoted error's own period met ours ("timed out.." becomes "timed out.");
    /// an ellipsis stays, and so does a doubled period inside what a user typed (A..B).
    static func tidy(_ message: String) -> String {
        message.replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: #"(?<!\.)\.\.(?=\s|$)"#, with: ".", options: .regularExpression)
    }

    /// A PostgreSQL failure; a missing table or column means the schema is missing or old, which `migrate` cures.
    static func print(postgres error: PostgresError) {
        // 42P01 undefined_table, 42703 undefined_column.
        if error.sqlState == "42P01" || error.sqlState == "42703" {
            print(
                "This database has no Backfill schema, or an older one (\(error.description)): run `backfill migrate` first."
            )
        } else {
            print(error.description)
        }
    }
}
