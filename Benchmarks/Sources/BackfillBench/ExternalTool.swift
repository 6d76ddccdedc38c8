import Foundation

/// Runs a reference tool (`redis-benchmark`, `psql`) and returns its standard output.
enum ExternalTool {
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(arguments[0]) exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Requests per second of one test in `redis-benchmark --csv` output.
    static func redisBenchmarkRate(_ csv: String, test: String) throws -> Double {
        for line in csv.split(separator: "\n") {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            if fields.count >= 2, fields[0] == test, let rate = Double(fields[1]) { return rate }
        }
        throw BenchError("redis-benchmark printed no \(test) rate")
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
