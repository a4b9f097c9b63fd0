import Foundation
import Testing

/// Issue item 3, end to end: no statement is `pass` with `fields.arithmetic.method` = `none`.
/// Proven on genuine statements whose transaction table is made unreadable on purpose
/// (`testdata/layouts/genuine-unreadable-*.pdf`, built by `testdata/gen/layouts.py` from the
/// `nz` layout: the amounts, or the column header, drawn as glyph outlines instead of text), next
/// to the same statement readable, which passes; and over every statement fixture set.
@Suite struct UnreadableStatementTests {
    static let unreadable = ["genuine-unreadable-amounts.pdf", "genuine-unreadable-header.pdf"]

    /// One run of `docverify verify` over the unreadable files and the statement they were made
    /// from: its stdout (JSON Lines).
    static let output: String? = {
        let files = (unreadable + ["genuine-nz.pdf"]).map { Harness.path("testdata/layouts/\($0)") }
        return (try? Harness.run(["verify"] + Harness.fixtureFlags + files, timeout: 600))?.stdout
    }()

    static var verdicts: [String: [String: Any]]? { output.map(byFile) }

    static func byFile(_ stdout: String) -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for line in stdout.split(separator: "\n") {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                let file = object["file"] as? String
            else { continue }
            out[URL(fileURLWithPath: file).lastPathComponent] = object
        }
        return out
    }

    static func findings(_ verdict: [String: Any]) -> [[String: Any]] { verdict["findings"] as? [[String: Any]] ?? [] }

    static func method(_ verdict: [String: Any]) -> String? {
        ((verdict["fields"] as? [String: Any])?["arithmetic"] as? [String: Any])?["method"] as? String
    }

    @Test("the fixtures are in the layout manifest as review, ROWS_UNREADABLE, method none")
    func manifestEntries() throws {
        let url = Harness.root.appendingPathComponent("testdata/layouts/manifest.json")
        let entries = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        for file in Self.unreadable {
            let entry = try #require(entries.first { $0["file"] as? String == file }, "\(file) not in the manifest")
            #expect(entry["expect"] as? String == "review")
            #expect(entry["codes"] as? [String] == ["ROWS_UNREADABLE"])
            #expect(entry["arithmetic"] as? String == "none")
            #expect(FileManager.default.fileExists(atPath: Harness.path("testdata/layouts/\(file)")))
        }
    }

    @Test("a genuine statement made unreadable is review with ROWS_UNREADABLE (warn) and method none", arguments: unreadable)
    func unreadableIsReview(_ file: String) throws {
        let verdicts = try #require(Self.verdicts, "docverify did not run")
        let verdict = try #require(verdicts[file], "no verdict for \(file)")
        #expect(verdict["kind"] as? String == "bank-statement")
        #expect(verdict["verdict"] as? String == "review")
        let rowsUnreadable = Self.findings(verdict).filter { $0["code"] as? String == "ROWS_UNREADABLE" }
        #expect(rowsUnreadable.count == 1)
        #expect(rowsUnreadable.first?["severity"] as? String == "warn")
        #expect(Self.method(verdict) == "none")
        let arithmetic = (verdict["fields"] as? [String: Any])?["arithmetic"] as? [String: Any]
        #expect(arithmetic?["rows"] as? Int == 0)
        #expect(arithmetic?["accounts"] as? Int == 0)
        // Unreadable is not forged, and nothing else stands in for the unchecked arithmetic.
        let raised = Set(Self.findings(verdict).filter { ($0["severity"] as? String) != "info" }.compactMap { $0["code"] as? String })
        #expect(raised == ["ROWS_UNREADABLE"], "\(file) raised \(raised.sorted())")
        #expect(!Self.findings(verdict).contains { $0["code"] as? String == "ARITHMETIC_CHECKED" })
        #expect((verdict["summary"] as? String)?.contains("could not be rebuilt") == true, "\(verdict["summary"] ?? "")")
    }

    @Test("the same statement with its table readable passes, its arithmetic checked as a running balance")
    func readableCounterpart() throws {
        let verdicts = try #require(Self.verdicts, "docverify did not run")
        let verdict = try #require(verdicts["genuine-nz.pdf"])
        #expect(verdict["verdict"] as? String == "pass")
        #expect(Self.method(verdict) == "running-balance")
        #expect(((verdict["fields"] as? [String: Any])?["arithmetic"] as? [String: Any])?["rows"] as? Int ?? 0 > 0)
    }

    @Test("over every statement fixture set, no verdict is pass with method none", arguments: ["statements", "furniture", "layouts"])
    func noPassUnchecked(_ set: String) throws {
        let files = Harness.manifest(set).map { Harness.path("testdata/\(set)/\($0.file)") }
        try #require(!files.isEmpty, "no \(set) fixtures")
        let result = try Harness.run(["verify"] + Harness.fixtureFlags + files, timeout: 600)
        let verdicts = Self.byFile(result.stdout)
        #expect(verdicts.count == files.count)
        var statements = 0
        for (file, verdict) in verdicts where verdict["kind"] as? String == "bank-statement" {
            statements += 1
            let method = Self.method(verdict)
            #expect(method != nil, "\(file): no fields.arithmetic.method")
            if verdict["verdict"] as? String == "pass" {
                #expect(method != "none", "\(set)/\(file) passed with its arithmetic unchecked")
            }
            if method == "none" {
                // Unread rows say so; a text layer that cannot be read at all says that instead.
                #expect(
                    Self.findings(verdict).contains {
                        ["ROWS_UNREADABLE", "TEXT_LAYER_GARBLED"].contains($0["code"] as? String) && $0["severity"] as? String == "warn"
                    }, "\(set)/\(file): method none without ROWS_UNREADABLE")
            }
        }
        #expect(statements > 0)
    }
}
