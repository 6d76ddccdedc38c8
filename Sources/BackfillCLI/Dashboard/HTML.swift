/// Text for HTML pages. Everything that comes from IB, a symbol, a name or a user passes through ``escape(_:)``: a
/// gateway is not trusted, and a symbol or error text may hold `<script>`.
enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as entities: safe in element text and in quoted attributes.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// `1,234,567`.
    static func number(_ value: some BinaryInteger) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// A table: a header row and rows of cells that are already HTML.
    static func table(_ headers: [String], _ rows: [[String]], id: String? = nil) -> String {
        let head = headers.map { "<th>\(escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        let idAttribute = id.map { " id=\"\(escape($0))\"" } ?? ""
        return "<table\(idAttribute)><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table>"
    }
}
