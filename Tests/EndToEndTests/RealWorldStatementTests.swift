import Foundation
import Testing

/// Real bank statements from public repositories (`testdata/realworld`), through the built
/// binary: the same assertions as `scripts/realworld-accuracy.sh`. The manifest is committed,
/// the files are not (they carry real people's names): `scripts/fetch-realworld.sh` extracts
/// them, and without them (CI) every test here is skipped, saying why.
///
/// Failure messages name a file by its manifest id and give verdicts and finding codes only,
/// never summaries or finding messages, which may quote names and amounts.
@Suite struct RealWorldStatementTests {
    /// One row of `testdata/realworld/statements.tsv`.
    struct Entry: CustomTestStringConvertible, Sendable {
        var id: String
        var bank: String
        /// `genuine`, `resave`, `specimen` or `altered`.
        var what: String
        var expect: String
        /// Whether the arithmetic can be checked from the text layer (decided by hand).
        var arithmetic: Bool
        var testDescription: String { "\(id) (\(bank), \(what))" }
        var path: String { Harness.path("testdata/realworld/files/\(id).pdf") }
        /// Genuine bank output, a customer's re-save or a bank specimen: never `fail`.
        var honest: Bool { what != "altered" }
    }

    static let manifest: [Entry] = Harness.tsvRows("realworld/statements.tsv").compactMap { row in
        guard let id = row["id"], let bank = row["bank"], let what = row["what"], let expect = row["expect"],
            let arithmetic = row["arithmetic"]
        else { return nil }
        return Entry(id: id, bank: bank, what: what, expect: expect, arithmetic: arithmetic == "yes")
    }

    /// The manifest entries whose file has been extracted.
    static let present: [Entry] = manifest.filter { FileManager.default.fileExists(atPath: $0.path) }
    static let haveFiles = !present.isEmpty
    static let skipReason: Comment =
        "no real-world statements in testdata/realworld/files (they are never committed: get them with scripts/fetch-realworld.sh MIRROR_ROOT, see testdata/realworld/README.md)"

    /// One run of `docverify verify` over every present file, shared by the tests: each file's
    /// JSON line by manifest id (kept as text, which is Sendable; decoded where used).
    static let lines: [String: String]? = haveFiles ? Harness.verdictLinesByID(present.map(\.path), timeout: 600) : nil

    /// Every present file's verdict object by manifest id, or nil when docverify did not run.
    static func verdicts() -> [String: [String: Any]]? {
        lines?.compactMapValues { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    static func codes(_ verdict: [String: Any], severity: Set<String> = ["warn", "fail"]) -> [String] {
        let findings = verdict["findings"] as? [[String: Any]] ?? []
        return Set(findings.filter { severity.contains($0["severity"] as? String ?? "") }.compactMap { $0["code"] as? String }).sorted()
    }

    /// `fields.arithmetic.method`; a verdict without `fields.arithmetic` checked nothing (`none`).
    static func arithmeticMethod(_ verdict: [String: Any]) -> String {
        let fields = verdict["fields"] as? [String: Any]
        let arithmetic = fields?["arithmetic"] as? [String: Any]
        return arithmetic?["method"] as? String ?? "none"
    }

    @Test("the manifest lists real statements of every kind, and each has a verdict", .enabled(if: haveFiles, skipReason))
    func everyFileJudged() throws {
        #expect(Self.manifest.count >= 25)
        #expect(Set(Self.manifest.map(\.bank)).count >= 20)
        let verdicts = try #require(Self.verdicts(), "docverify did not run over the real-world set")
        for entry in Self.present {
            #expect(verdicts[entry.id] != nil, "no verdict for \(entry.id)")
        }
    }

    @Test(
        "a genuine, re-saved or specimen statement is never fail", .enabled(if: haveFiles, skipReason),
        arguments: present.filter(\.honest))
    func honestNeverFails(_ entry: Entry) throws {
        let verdicts = try #require(Self.verdicts(), "docverify did not run over the real-world set")
        let verdict = try #require(verdicts[entry.id], "no verdict for \(entry.id)")
        #expect(
            verdict["verdict"] as? String != "fail",
            "\(entry.id) (\(entry.what), expected \(entry.expect)) was failed on \(Self.codes(verdict, severity: ["fail"]))")
    }

    @Test(
        "an altered copy is fail where the file carries the evidence, and never pass", .enabled(if: haveFiles, skipReason),
        arguments: present.filter { !$0.honest })
    func alteredIsCaught(_ entry: Entry) throws {
        let verdicts = try #require(Self.verdicts(), "docverify did not run over the real-world set")
        let verdict = try #require(verdicts[entry.id], "no verdict for \(entry.id)")
        let value = verdict["verdict"] as? String
        if entry.expect == "fail" {
            #expect(value == "fail", "\(entry.id) got \(value ?? "?") with \(Self.codes(verdict))")
        } else {
            #expect(value == "review" || value == "fail", "altered \(entry.id) got \(value ?? "?") with \(Self.codes(verdict))")
        }
    }

    @Test("arithmetic is checked on at least 90 % of the statements whose text layer can be read", .enabled(if: haveFiles, skipReason))
    func arithmeticCoverage() throws {
        let verdicts = try #require(Self.verdicts(), "docverify did not run over the real-world set")
        let readable = Self.present.filter(\.arithmetic)
        try #require(!readable.isEmpty)
        let unchecked = readable.filter { entry in verdicts[entry.id].map { Self.arithmeticMethod($0) == "none" } ?? true }
        let checked = readable.count - unchecked.count
        #expect(
            checked * 10 >= readable.count * 9,
            "arithmetic checked on \(checked) of \(readable.count); unchecked: \(unchecked.map(\.id).joined(separator: ", "))")
    }

    @Test("a statement whose arithmetic was not checked is never pass", .enabled(if: haveFiles, skipReason), arguments: present)
    func passNeedsArithmetic(_ entry: Entry) throws {
        let verdicts = try #require(Self.verdicts(), "docverify did not run over the real-world set")
        let verdict = try #require(verdicts[entry.id], "no verdict for \(entry.id)")
        if verdict["verdict"] as? String == "pass" {
            #expect(Self.arithmeticMethod(verdict) != "none", "\(entry.id) is pass although fields.arithmetic.method is none")
        }
    }
}
