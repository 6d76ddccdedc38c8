import Foundation

/// Whether `python3` can import IB's client libraries (`ibapi-stable` and `ib_async`, which Deploy/test.sh
/// installs), for the interop tests: skipped locally without them, required under CI.
public enum PythonClients {
    public static var available: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import ibapi, ib_async"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// `Tests/Interop/<name>`, from a test file's `#filePath` two directories below `Tests`.
    public static func script(_ name: String, testFile: String) -> URL {
        URL(fileURLWithPath: testFile).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop/\(name)")
    }
}
