/// The text of one SQL statement, written as a literal in code.
///
/// `PostgresQuery` is `ExpressibleByStringLiteral` but deliberately not `ExpressibleByStringInterpolation`:
/// `"SELECT … WHERE id = \(id)"` does not compile, so values always travel as parameters (`$1`, `$2`, …).
/// For the rare statement that needs a dynamic identifier (a schema name in tests), build it with
/// ``init(identifierStatement:identifier:)``, which quotes the identifier.
public struct PostgresQuery: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let sql: String

    public init(stringLiteral value: StaticString) {
        sql = value.description
    }

    /// A statement with one identifier spliced in where the template says `{}`; the identifier is quoted
    /// (`"my""schema"`), so it cannot end the statement or inject another.
    public init(identifierStatement template: StaticString, identifier: String) {
        let quoted = "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        sql = template.description.replacingOccurrences(of: "{}", with: quoted)
    }

    public var description: String { sql }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
