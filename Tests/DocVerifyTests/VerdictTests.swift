import Foundation
import Testing

@testable import DocVerify

@Suite("Verdict values, JSON and text forms")
struct VerdictTests {
    @Test("fail beats warn beats info; no findings is pass")
    func rule() {
        #expect(Verdict.value(for: []) == .pass)
        #expect(Verdict.value(for: [Finding(.modifiedAfterCreation, "m")]) == .pass)
        #expect(Verdict.value(for: [Finding(.unknownKind, "u"), Finding(.modifiedAfterCreation, "m")]) == .review)
        #expect(Verdict.value(for: [Finding(.unknownKind, "u"), Finding(.touchupEdit, "t")]) == .fail)
    }

    @Test(
        "exit status follows the table of docs/verdict.md",
        arguments: [
            ([Verdict.Value.pass, .pass], Int32(0)),
            ([.pass, .fail, .review, .error], Int32(1)),
            ([.review, .error, .pass], Int32(2)),
            ([.error, .pass], Int32(3)),
        ])
    func exitStatus(values: [Verdict.Value], status: Int32) {
        #expect(Verdict.Value.exitStatus(for: values) == status)
    }

    @Test("20,000 findings of one code make a short verdict, a short log field and the same value")
    func boundedFindings() {
        // The red team's 7.5 MB PDF with 20,000 fake signatures made a 25.9 MB verdict that
        // the outbox reader refused (so the document was judged again) and a 1.26 MB log line.
        var findings = (0..<20_000).map { Finding(.sigByteRangeInvalid, "Signature \($0): the byte range is broken.") }
        findings.insert(Finding(.unknownKind, "u"), at: 5)
        findings.append(Finding(.sigUnsupported, severity: .fail, String(repeating: "x", count: 100_000)))
        let verdict = Verdict(
            file: "many.pdf", sha256: String(repeating: "cd", count: 32), size: 7_500_000, kind: .unknown,
            verdict: Verdict.value(for: findings), summary: String(repeating: "s", count: 50_000), findings: findings,
            policy: .init(name: "luxembourg", version: "2026-11"), checkedAt: Date(timeIntervalSince1970: 0)
        )
        #expect(Verdict.value(for: verdict.findings) == Verdict.value(for: findings))
        let byteRange = verdict.findings.filter { $0.code == .sigByteRangeInvalid }
        #expect(byteRange.count == Verdict.maximumFindingsPerCode + 1)
        #expect(byteRange.last?.message.contains("19980 more findings") == true)
        #expect(verdict.findings.contains { $0.code == .unknownKind })
        #expect(verdict.findings.allSatisfy { $0.message.count <= Verdict.maximumMessageCharacters })
        #expect(verdict.summary.count <= Verdict.maximumMessageCharacters)
        #expect(verdict.prettyJSON().count < 64 * 1024)
        #expect(verdict.codeSummary == "SIG_BYTERANGE_INVALID×20000,UNKNOWN_KIND,SIG_UNSUPPORTED")
    }

    static func sample() -> Verdict {
        Verdict(
            file: "zhang-wei.pdf", sha256: String(repeating: "ab", count: 32), size: 42, kind: .sesameReport,
            verdict: .review, summary: "Score 712 is below the policy minimum 750.",
            findings: [
                Finding(.testIssuer, "Test anchor."),
                Finding(.scoreBelowMinimum, "Score 712 < 750.", page: 1, evidence: ["score": 712, "minimum": 750]),
            ],
            fields: ["score": 712], policy: .init(name: "luxembourg", version: "2026-11"),
            checkedAt: Date(timeIntervalSince1970: 1_796_083_200)
        )
    }

    @Test("JSON round-trips, uses camelCase keys and a Z timestamp")
    func json() throws {
        let verdict = Self.sample()
        let line = verdict.jsonLine()
        #expect(!line.contains("\n"))
        #expect(line.contains(#""checkedAt":"2026-12-01T00:00:00Z""#))
        #expect(line.contains(#""schema":"docverify.verdict\/1""#) || line.contains(#""schema":"docverify.verdict/1""#))
        let decoded = try Verdict.decode(Array(line.utf8))
        #expect(decoded == verdict)
        let pretty = try Verdict.decode(verdict.prettyJSON())
        #expect(pretty == verdict)
    }

    @Test("unknown keys are ignored by the reader")
    func unknownKeys() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(Self.sample().jsonLine().utf8)) as? [String: Any])
        object["futureKey"] = ["x": 1]
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(try Verdict.decode([UInt8](data)).file == "zhang-wei.pdf")
    }

    @Test("the text form's first line names the verdict, the test issuer and the summary")
    func text() {
        let lines = Self.sample().text().split(separator: "\n")
        #expect(lines[0].hasPrefix("REVIEW (TEST ISSUER"))
        #expect(lines[0].contains("zhang-wei.pdf: Score 712 is below"))
        #expect(lines.contains { $0.contains("[warn] SCORE_BELOW_MINIMUM p.1: Score 712 < 750.") })
    }

    @Test("error verdicts carry their code with severity error")
    func errorVerdict() {
        let verdict = Verdict.error(
            code: .notPDF, message: "no header", file: "x", bytes: [1, 2, 3],
            policy: Policy.builtIn["luxembourg"]!, checkedAt: Date()
        )
        #expect(verdict.verdict == .error)
        #expect(verdict.findings.first?.code == .notPDF)
        #expect(verdict.findings.first?.severity == .error)
        #expect(verdict.sha256 == "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81")
    }
}
