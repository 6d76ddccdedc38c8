import Foundation

/// What a running process has loaded, from `/proc/PID/exe` and `/proc/PID/maps` (Linux).
struct LoadedImage {
    /// The file name of the process's executable.
    let executableName: String
    /// The file names of every shared library mapped into it.
    let libraries: Set<String>

    init(processIdentifier: Int32) throws {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(processIdentifier)/exe")
        executableName = (executable as NSString).lastPathComponent
        // Read to the end: /proc reports a size of 0, and reading by size came back with only part of the file.
        guard let file = FileHandle(forReadingAtPath: "/proc/\(processIdentifier)/maps") else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        defer { try? file.close() }
        let maps = String(decoding: try file.readToEnd() ?? Data(), as: UTF8.self)
        libraries = Set(
            maps.split(separator: "\n").compactMap { line in
                guard let path = line.split(separator: " ", omittingEmptySubsequences: true).last,
                    path.hasPrefix("/"), path.contains(".so")
                else { return nil }
                return String(path.split(separator: "/").last ?? path)
            }
        )
    }

    /// Foundation, its internationalization layer and ICU: what `backfill-worker` does without.
    var foundationLibraries: Set<String> {
        libraries.filter {
            $0.hasPrefix("libFoundation.so") || $0.hasPrefix("libFoundationInternationalization")
                || $0.hasPrefix("lib_FoundationICU") || $0.hasPrefix("libicu")
        }
    }
}
