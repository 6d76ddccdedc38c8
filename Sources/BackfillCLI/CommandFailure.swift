import Foundation

/// How a command reports a failure: one line on standard error, prefixed with the program name.
///
/// Callers pass an error's `description`, which every Backfill error keeps free of secrets.
enum CommandFailure {
    static func print(_ message: String) {
        FileHandleOutput.standardError("backfill: " + message.replacingOccurrences(of: "\n", with: " "))
    }
}
