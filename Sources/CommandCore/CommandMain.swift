import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `main` of both executables, `backfill` and `backfill-worker`.
package enum CommandMain {
    /// Parses the arguments and runs the chosen command. Bad input (unknown flags, invalid values) exits with status
    /// 2 and one sentence, as DESIGN.md (Command line) asks, rather than ArgumentParser's 64 and a usage dump.
    package static func run<Root: ParsableCommand>(_ root: Root.Type) async {
        do {
            var command = try root.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if root.exitCode(for: error) == .validationFailure {
                let sentence = root.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid input"
                CommandFailure.print(sentence)
                exit(2)
            }
            root.exit(withError: error)
        }
    }
}
