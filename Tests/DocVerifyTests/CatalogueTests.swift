import Foundation
import Testing

@testable import DocVerify

/// The one catalogue of finding codes matches the documentation (docs/) and the code.
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

    @Test("every code docs/ names is catalogued, with the catalogue's severity where a table gives one")
    func documentedCodesAreCatalogued() throws {
        let docs = Self.root.appendingPathComponent("docs")
        let names = try FileManager.default.contentsOfDirectory(atPath: docs.path)
            .filter { $0.hasSuffix(".md") && $0 != "FINDINGS.md" }.sorted()
        // A code is written alone in backticks (docs/README.md, "Finding codes in these
        // documents"); UPPER_SNAKE_CASE with an underscore, so `YYYYMMDD` or `PDF` are not codes.
        let named = try Regex(#"`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`"#)
        let rows = try Regex(#"\|\s*`([A-Z][A-Z0-9_]+)`\s*\|[^\n]*\|\s*(fail|warn|info|error)\s*\|\s*$"#).anchorsMatchLineEndings()
        var codes = Set<String>()
        for name in names {
            let text = try String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8)
            for match in text.matches(of: named) {
                let code = String(match.output[1].substring!)
                codes.insert(code)
                #expect(FindingCatalogue.entry(for: FindingCode(code)) != nil, "docs/\(name) names \(code), which is not catalogued")
            }
            for match in text.matches(of: rows) {
                let code = String(match.output[1].substring!)
                let severity = String(match.output[2].substring!)
                #expect(
                    FindingCatalogue.entry(for: FindingCode(code))?.severity.rawValue == severity,
                    "docs/\(name) gives \(code) the severity \(severity), the catalogue another"
                )
            }
        }
        // The contract documents exist and name codes: the test cannot pass on an empty docs/.
        #expect(names.contains("verdict.md") && names.contains("sesame-report.md") && names.contains("bank-statement.md"))
        #expect(codes.count >= 60, "docs/ names only \(codes.count) codes")
    }
}
