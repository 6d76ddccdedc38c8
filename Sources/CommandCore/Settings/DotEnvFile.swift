/// The `KEY=value` lines of a `.env` file.
///
/// Follows the common dotenv conventions: blank lines and `#` comments are skipped, an optional `export ` prefix
/// is dropped, values may be wrapped in single quotes (taken literally) or double quotes (with `\n`, `\"` and
/// `\\` escapes), and an unquoted value ends at ` #`.
public struct DotEnvFile: Sendable, Hashable {
    public private(set) var values: [String: String] = [:]

    /// Parses the text of a `.env` file.
    ///
    /// - Throws: ``ConfigurationError`` naming the first line that is not `KEY=value`.
    public init(parsing text: String) throws(ConfigurationError) {
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst("export ".count).trimmingWhitespace() }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError(setting: ".env", ".env line \(number + 1) is not KEY=value.")
            }
            let key = line[..<equals].trimmingWhitespace()
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ConfigurationError(setting: ".env", ".env line \(number + 1) has an invalid name.")
            }
            let rawValue = line[line.index(after: equals)...].trimmingWhitespace()
            guard let value = Self.unquote(rawValue) else {
                throw ConfigurationError(setting: ".env", ".env line \(number + 1) has an unterminated quote.")
            }
            values[String(key)] = value
        }
    }

    private static func unquote(_ raw: Substring) -> String? {
        if raw.hasPrefix("'") {
            guard raw.count >= 2, raw.hasSuffix("'") else { return nil }
            return String(raw.dropFirst().dropLast())
        }
        if raw.hasPrefix("\"") {
            // Scan to the first unescaped closing quote; anything after it (a comment) is ignored.
            var result = ""
            var escaping = false
            for character in raw.dropFirst() {
                if escaping {
                    switch character {
                    case "n": result.append("\n")
                    case "t": result.append("\t")
                    default: result.append(character)
                    }
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else if character == "\"" {
                    return result
                } else {
                    result.append(character)
                }
            }
            return nil
        }
        if let comment = raw.firstRange(of: " #") {
            return String(raw[..<comment.lowerBound]).trimmingWhitespaceString()
        }
        return String(raw)
    }
}

extension StringProtocol {
    package func trimmingWhitespace() -> SubSequence {
        let start = firstIndex(where: { !$0.isWhitespace }) ?? endIndex
        let end = lastIndex(where: { !$0.isWhitespace }).map(index(after:)) ?? start
        return self[start..<end]
    }

    package func trimmingWhitespaceString() -> String { String(trimmingWhitespace()) }
}
