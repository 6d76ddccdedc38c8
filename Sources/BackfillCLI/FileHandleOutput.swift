import Foundation

/// Writes whole lines to standard error (multi-line help that follows a failure's one-sentence summary).
enum FileHandleOutput {
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
