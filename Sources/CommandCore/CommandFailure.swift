import PQKit

/// How a command reports a failure: one line on standard error, prefixed with the program name.
///
/// Callers pass an error's `description`, which every Backfill error keeps free of secrets.
package enum CommandFailure {
    package static func print(_ message: String) {
        FileHandleOutput.standardError("backfill: " + tidy(message))
    }

    /// One line, and one period where a quoted error's own period met ours ("timed out.." becomes "timed out.");
    /// an ellipsis stays, and so does a doubled period inside what a user typed (A..B).
    package static func tidy(_ message: String) -> String {
        let characters = Array(message.replacing("\n", with: " "))
        var tidied = ""
        var index = 0
        while index < characters.count {
            // Exactly two periods, then a space or the end: drop the second.
            let isDoubledEnd =
                characters[index] == "." && index + 1 < characters.count && characters[index + 1] == "."
                && (index == 0 || characters[index - 1] != ".")
                && (index + 2 == characters.count || characters[index + 2].isWhitespace)
            tidied.append(characters[index])
            index += isDoubledEnd ? 2 : 1
        }
        return tidied
    }

    /// A PostgreSQL failure; a missing table or column means the schema is missing or old, which `migrate` cures.
    package static func print(postgres error: PostgresError) {
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
