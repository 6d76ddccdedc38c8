import Foundation
import Testing

/// Every "ib-protocol.md §N" and "DESIGN invariant N" the sources and tests cite names a section or invariant that
/// exists in `Docs/` (issue 12: the documents live in the repository, and citations must resolve there).
@Suite struct DocsCitationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every Swift file and every DocC page under Sources and Tests.
    static func citingFiles() -> [URL] {
        ["Sources", "Tests"].flatMap { folder -> [URL] in
            let root = repository.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.allObjects ?? []
            return files.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" || $0.pathExtension == "md" }
        }
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test func everyCitedSectionAndInvariantExists() throws {
        let protocolNotes = try Self.text("Docs/ib-protocol.md")
        let design = try Self.text("Docs/DESIGN.md")
        let sections = Set(Self.matches(#"(?m)^#{2,3} ([0-9]+(?:\.[0-9]+)?)[. ]"#, in: protocolNotes))
        let invariants = Set(Self.matches(#"(?m)^([0-9]+)\. \*\*"#, in: design))
        #expect(sections.contains("4.1") && invariants.contains("4"), "the documents' numbering was not read")
        var cited = 0
        for file in Self.citingFiles() where file.lastPathComponent != "DocsCitationTests.swift" {
            let source = try String(contentsOf: file, encoding: .utf8)
            let name = file.lastPathComponent
            for line in source.split(separator: "\n").map(String.init) {
                // One form everywhere: a line that cites a section names the document ("ib-protocol.md §4.1, §5"),
                // and an invariant is a DESIGN invariant, so every reference can be found by someone who has only
                // the repository.
                if line.contains("§") {
                    #expect(line.contains("ib-protocol.md §"), "\(name): a bare §: \(line)")
                    for section in Self.matches(#"§([0-9]+(?:\.[0-9]+)?)"#, in: line) {
                        cited += 1
                        #expect(sections.contains(section), "\(name) cites ib-protocol.md §\(section)")
                    }
                }
                for invariant in Self.matches(#"\binvariants? ([0-9]+)"#, in: line) {
                    cited += 1
                    #expect(line.contains("DESIGN invariant"), "\(name): a bare invariant: \(line)")
                    #expect(invariants.contains(invariant), "\(name) cites DESIGN invariant \(invariant)")
                }
            }
        }
        #expect(cited > 50, "only \(cited) citations found: the scan is broken")
    }
}
