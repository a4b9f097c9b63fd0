import Foundation
import Testing

@testable import DocVerify

/// The one catalogue of finding codes matches the documentation, the specs and the code.
@Suite("Finding catalogue")
struct CatalogueTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("codes are unique and UPPER_SNAKE_CASE, and every entry explains itself")
    func wellFormed() {
        var seen = Set<String>()
        for entry in FindingCatalogue.all {
            #expect(seen.insert(entry.code.rawValue).inserted, "\(entry.code) is catalogued twice")
            #expect(entry.code.rawValue.allSatisfy { $0.isUppercase || $0 == "_" || $0.isNumber }, "\(entry.code)")
            #expect(entry.meaning.count > 15 && entry.action.count > 5, "\(entry.code) needs a meaning and an action")
        }
    }

    @Test("docs/FINDINGS.md is the rendered catalogue (run `make catalogue` after adding a code)")
    func documentationMatches() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/FINDINGS.md"), encoding: .utf8)
        #expect(text == FindingCatalogue.markdown())
    }

    @Test("every code the sources construct is in the catalogue")
    func sourcesUseOnlyCataloguedCodes() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources.path))
        let pattern = try Regex(#"FindingCode\("([A-Z0-9_]+)"\)"#)
        var constructed = Set<String>()
        while let file = enumerator.nextObject() as? String {
            guard file.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: pattern) {
                if let code = match.output[1].substring { constructed.insert(String(code)) }
            }
        }
        #expect(constructed.count >= 40)
        for code in constructed {
            #expect(FindingCatalogue.entry(for: FindingCode(code)) != nil, "\(code) is constructed but not catalogued")
        }
    }

    @Test("every code the spec names is catalogued with the spec's severity")
    func specCodesAreCatalogued() throws {
        let spec = Self.root.deletingLastPathComponent().appendingPathComponent("shared/spec")
        guard FileManager.default.fileExists(atPath: spec.path) else { return }
        let rows = try Regex(#"\|\s*`([A-Z][A-Z0-9_]+)`\s*\|[^|]*\|\s*(fail|warn|info)\s*\|"#)
        for name in ["bank-statement.md", "verdict.md", "sesame-report.md"] {
            let text = try String(contentsOf: spec.appendingPathComponent(name), encoding: .utf8)
            for match in text.matches(of: rows) {
                let code = String(match.output[1].substring!)
                let severity = String(match.output[2].substring!)
                let entry = FindingCatalogue.entry(for: FindingCode(code))
                #expect(entry != nil, "\(name) names \(code), which is not catalogued")
                #expect(entry?.severity.rawValue == severity, "\(code): spec says \(severity)")
            }
        }
        for code in ["UNKNOWN_KIND", "SIG_MISSING", "DUPLICATE_DOCUMENT", "SHARED_TRANSACTIONS", "TEST_ISSUER"] {
            #expect(FindingCatalogue.entry(for: FindingCode(code)) != nil, "\(code)")
        }
    }
}
