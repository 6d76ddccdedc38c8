#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where "now" comes from for everything that depends on market time: which sessions have closed, which bars are
/// complete, what data a gateway has.
///
/// In production it is the system clock. **For tests only**, it can read the time from a file
/// (`BACKFILL_TEST_CLOCK_FILE`, or the simulator's `--clock-file`) that holds UTC epoch seconds: the simulator and
/// the scheduler then share one clock that a test moves forward by rewriting the file, so three trading days pass
/// in seconds. The file is read on every call; a file that is missing or does not hold a number is an error, never
/// a silent fall-back to the system clock. Leases, timeouts and pacing keep real time either way.
public struct MarketClock: Sendable, Hashable, CustomStringConvertible {
    /// The file read for the time, or `nil` for the system clock.
    public let testClockFile: String?

    /// The system clock.
    public static let system = MarketClock(testClockFile: nil)

    /// A clock reading the system time, or, when a path is given, the time in that file (tests only).
    ///
    /// - Parameter testClockFile: A file holding UTC epoch seconds, or `nil`.
    public init(testClockFile: String?) {
        self.testClockFile = testClockFile
    }

    /// The time is not readable from the test clock file.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        /// One sentence naming the file.
        public let description: String
    }

    /// The current time, UTC epoch seconds.
    ///
    /// - Throws: ``ReadError`` when the test clock file cannot be read or does not hold an integer.
    public func now() throws(ReadError) -> Int64 {
        guard let path = testClockFile else {
            var spec = timespec()
            clock_gettime(CLOCK_REALTIME, &spec)
            return Int64(spec.tv_sec)
        }
        guard let text = Self.read(path) else {
            throw ReadError(description: "The test clock file \(path) cannot be read.")
        }
        let trimmed = text.filter { !$0.isWhitespace }
        guard let seconds = Int64(trimmed) else {
            throw ReadError(description: "The test clock file \(path) does not hold epoch seconds: '\(trimmed)'.")
        }
        return seconds
    }

    /// Writes `seconds` into a test clock file, replacing it atomically (a reader never sees half a number).
    ///
    /// - Returns: `false` when the file could not be written.
    @discardableResult
    public static func write(_ seconds: Int64, toTestClockFile path: String) -> Bool {
        let temporary = path + ".tmp"
        guard let file = fopen(temporary, "w") else { return false }
        let text = "\(seconds)\n"
        let written = fputs(text, file) >= 0
        guard fclose(file) == 0, written else { return false }
        return rename(temporary, path) == 0
    }

    /// `system clock` or `test clock file PATH`.
    public var description: String {
        testClockFile.map { "test clock file \($0)" } ?? "system clock"
    }

    private static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 64)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
