import Foundation
import Testing

/// Page furniture through the built binary (`testdata/furniture`, built by
/// `testdata/gen/furniture.py`): stamps, barcodes, twice-drawn leader dots and white button
/// labels over genuine statements never fail them, while a value retyped over a white box
/// still fails with `TEXT_OVERLAP`, in statements from two PDF producers.
@Suite struct FurnitureFixtureTests {
    /// One manifest entry; `info` lists info codes the file must also carry.
    struct Expectation: Decodable, CustomTestStringConvertible, Sendable {
        var file: String
        var expect: String
        var codes: [String]
        var info: [String]?
        var why: String?
        var testDescription: String { file }
    }

    static let manifest: [Expectation] = {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: Harness.path("testdata/furniture/manifest.json"))) else { return [] }
        return (try? JSONDecoder().decode([Expectation].self, from: data)) ?? []
    }()

    /// Each file's JSON line from one run of `docverify verify` over the whole set.
    static let lines: [String: String]? = {
        let files = manifest.map { Harness.path("testdata/furniture/\($0.file)") }
        guard !files.isEmpty, let result = try? Harness.run(["verify", "--format", "json", "--now", "2026-11-25T12:00:00Z"] + Harness.otherIssuerFlags + files)
        else { return nil }
        var out: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                let file = object["file"] as? String
            else { continue }
            out[URL(fileURLWithPath: file).lastPathComponent] = String(line)
        }
        return out
    }()

    static func verdict(_ file: String) -> [String: Any]? {
        guard let line = lines?[file] else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    static func findings(_ verdict: [String: Any]) -> [[String: Any]] { verdict["findings"] as? [[String: Any]] ?? [] }

    @Test("the set covers every furniture case and both producers")
    func setIsComplete() {
        let files = Set(Self.manifest.map(\.file))
        for layout in ["en", "cairo"] {
            for furniture in ["stamp", "barcode", "leaders"] {
                #expect(files.contains("genuine-\(layout)-\(furniture).pdf"))
            }
            for value in ["amount", "balance"] {
                #expect(files.contains("forged-\(layout)-\(value).pdf"))
            }
        }
        #expect(
            files.isSuperset(of: [
                "genuine-en-buttons.pdf", "genuine-en-blank-page.pdf", "scan-en-page.pdf", "genuine-en-retry.pdf", "genuine-en-busy.pdf",
                "parked-en-busy.pdf",
            ]))
    }

    /// The stamps over the tables: poppler glues some of their glyphs to the amounts
    /// (`-41,213.51`, a stray leading digit), so the reader sets the arithmetic aside
    /// (review, never fail; asserted below).
    static let readerGaps: Set<String> = ["genuine-en-stamp.pdf", "genuine-cairo-stamp.pdf"]

    @Test("each file gets the verdict and codes its manifest names", arguments: manifest)
    func verdict(_ expectation: Expectation) throws {
        if Self.readerGaps.contains(expectation.file) {
            let verdict = try #require(Self.verdict(expectation.file))
            #expect(verdict["verdict"] as? String == "review", "\(expectation.file) must at least never fail")
            withKnownIssue("the stamp's glyphs glued to amounts keep the arithmetic unread (issue 9)", isIntermittent: true) {
                try checkVerdict(expectation)
            }
        } else {
            try checkVerdict(expectation)
        }
    }

    func checkVerdict(_ expectation: Expectation) throws {
        try #require(Self.lines != nil, "docverify did not run over the furniture set")
        let verdict = try #require(Self.verdict(expectation.file), "no verdict for \(expectation.file)")
        let findings = Self.findings(verdict)
        let raised = Set(findings.filter { ($0["severity"] as? String) != "info" }.compactMap { $0["code"] as? String })
        let all = Set(findings.compactMap { $0["code"] as? String })
        #expect(verdict["kind"] as? String == "bank-statement")
        #expect(verdict["verdict"] as? String == expectation.expect, "\(expectation.file): \(expectation.why ?? "") — raised \(raised.sorted())")
        for code in expectation.codes { #expect(raised.contains(code), "\(expectation.file) lacks \(code)") }
        for code in expectation.info ?? [] { #expect(all.contains(code), "\(expectation.file) lacks \(code) (info)") }
        if expectation.file.hasPrefix("genuine-") {
            // Never an accusation: no fail at all, and a genuine file passes with nothing raised.
            #expect(!findings.contains { ($0["severity"] as? String) == "fail" }, "genuine \(expectation.file) failed: \(raised.sorted())")
            if expectation.expect == "pass" { #expect(raised.isEmpty, "genuine \(expectation.file) raised \(raised.sorted())") }
        }
    }

    @Test(
        "a retyped value's TEXT_OVERLAP shows the clerk both strings, their boxes and sizes",
        arguments: [
            "forged-en-amount.pdf", "forged-en-balance.pdf", "forged-en-tilted.pdf", "forged-cairo-amount.pdf", "forged-cairo-balance.pdf",
        ])
    func evidence(_ file: String) throws {
        let verdict = try #require(Self.verdict(file))
        let overlap = try #require(Self.findings(verdict).first { $0["code"] as? String == "TEXT_OVERLAP" })
        #expect(overlap["severity"] as? String == "fail")
        #expect(overlap["page"] as? Int == 1)
        let evidence = try #require(overlap["evidence"] as? [String: Any])
        let texts = try #require(evidence["texts"] as? [String])
        #expect(texts.count == 2 && texts[0] != texts[1])
        // Both strings hold digits: a value over a value.
        #expect(texts.allSatisfy { $0.contains(where: \.isNumber) })
        #expect((evidence["boxes"] as? [[Double]])?.count == 2)
        #expect((evidence["box"] as? [Double])?.count == 4)
        let sizes = try #require(evidence["fontSizes"] as? [Double])
        #expect(sizes.count == 2 && max(sizes[0], sizes[1]) <= min(sizes[0], sizes[1]) * 1.25)
        #expect(evidence["grade"] as? String == "evidence")
    }

    @Test(
        "each furniture case is graded for its own reason",
        arguments: [
            ("genuine-en-stamp.pdf", "turned"), ("genuine-cairo-stamp.pdf", "turned"), ("genuine-en-barcode.pdf", "barcode"),
            ("genuine-cairo-barcode.pdf", "barcode"), ("genuine-en-leaders.pdf", "leader-dots"), ("genuine-cairo-leaders.pdf", "redraw"),
            ("genuine-en-buttons.pdf", "hidden"),
        ])
    func furnitureReason(_ file: String, _ reason: String) throws {
        let verdict = try #require(Self.verdict(file))
        let info = try #require(Self.findings(verdict).first { $0["code"] as? String == "TEXT_OVERLAP_FURNITURE" })
        #expect(info["severity"] as? String == "info")
        let reasons = try #require((info["evidence"] as? [String: Any])?["reasons"] as? [String: Int])
        #expect((reasons[reason] ?? 0) > 0, "\(file): reasons \(reasons)")
    }
}
