import Foundation

/// Executables built by this package, for tests that run them as separate processes.
public enum BuiltProducts {
    /// The `backfill` executable: `$BACKFILL_BIN`, or the one beside the test bundle (`swift build` puts every
    /// product in the same directory).
    ///
    /// - Throws: ``TestSetupError`` if it has not been built.
    public static func backfill() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["BACKFILL_BIN"] {
            return URL(fileURLWithPath: path)
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On macOS the test binary sits inside a .xctest bundle; on Linux it is beside the products.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "MacOS"
            || directory.lastPathComponent == "Contents"
        {
            directory.deleteLastPathComponent()
        }
        let candidate = directory.appendingPathComponent("backfill")
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
            throw TestSetupError("No backfill executable at \(candidate.path); run `swift build` before `swift test`.")
        }
        return candidate
    }
}
