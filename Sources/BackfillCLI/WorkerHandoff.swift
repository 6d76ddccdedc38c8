#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands `backfill worker` over to the `backfill-worker` executable installed beside `backfill`.
///
/// `backfill` links Foundation (the dashboard, exports, the simulator) and with it ICU; `backfill-worker` runs the same
/// command without them, in about a quarter less resident memory, and a fleet runs many workers. `exec` keeps the
/// process id, the arguments, the environment and the signals, so scripts, containers and Kubernetes that start
/// `backfill worker` get the lean process unchanged. Without the executable (or should `exec` fail) the worker runs
/// in this process, as before.
enum WorkerHandoff {
    /// The name of the worker's own executable, looked for in the directory of the running `backfill`.
    static let executableName = "backfill-worker"

    /// Replaces this process with `backfill-worker` when `arguments` ask for `worker` and the executable exists;
    /// returns otherwise.
    static func execIfInstalled(arguments: [String]) {
        guard arguments.count >= 2, arguments[1] == "worker", let path = siblingPath() else { return }
        guard access(path, X_OK) == 0 else { return }
        let handedOver = [executableName] + arguments.dropFirst(2)
        var cArguments: [UnsafeMutablePointer<CChar>?] = handedOver.map { strdup($0) }
        cArguments.append(nil)
        execv(path, cArguments)
        // Only reached when exec failed: run in process.
        for pointer in cArguments { free(pointer) }
    }

    /// `backfill-worker` in the directory of this process's executable, from `/proc/self/exe` (the real file, so a
    /// symbolic link to `backfill` elsewhere still finds it).
    static func siblingPath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        let executable = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = executable.lastIndex(of: "/") else { return nil }
        return String(executable[...slash]) + executableName
    }
}
