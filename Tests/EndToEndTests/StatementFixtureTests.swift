import Foundation
import Testing

/// Every generated bank statement (`testdata/statements`, built by `testdata/gen/statements.py`)
/// through the built binary, as a clerk runs it: genuine statements pass, every forged
/// variant carries the code its manifest names.
@Suite struct StatementFixtureTests {
    static let manifest = Harness.manifest("statements")

    /// One run of `docverify verify` over the whole set, shared by the tests below: the
    /// process result and each file's JSON line.
    static let run: Harness.VerdictRun? = Harness.verdicts(of: "statements", files: manifest.map(\.file))

    @Test("the fixture set is there: four layouts, genuine and forged")
    func setIsComplete() throws {
        let manifest = Self.manifest
        #expect(manifest.count >= 30)
        for layout in ["cn", "en", "eu", "cairo"] {
            #expect(manifest.contains { $0.file.hasPrefix("genuine-\(layout)") && $0.expect == "pass" }, "no genuine \(layout) statement")
        }
        let codes = Set(manifest.flatMap(\.codes))
        for code in [
            "BALANCE_CHAIN_BROKEN", "BALANCE_TOTALS_MISMATCH", "PAGE_CARRY_BROKEN", "DATE_INVALID", "DATE_OUTSIDE_PERIOD",
            "DATE_ORDER", "IBAN_INVALID", "CARD_NUMBER_INVALID", "ID_NUMBER_INVALID", "BIC_INVALID", "DUPLICATE_ROWS",
            "REVISED_CONTENT", "REVISED_METADATA", "TOUCHUP_EDIT", "TEXT_OVERLAP", "FONT_OUTLIER", "EDITOR_PRODUCER",
            "METADATA_DATES", "IMAGE_ONLY", "FUNDS_PARKED", "STATEMENT_STALE", "PERIOD_TOO_SHORT",
        ] {
            #expect(codes.contains(code), "no forged variant for \(code)")
        }
    }

    @Test("each statement gets the verdict and codes its manifest names", arguments: manifest)
    func verdict(_ expectation: Harness.Expectation) throws {
        let run = try #require(Self.run, "docverify did not run over the statement set")
        let verdict = try #require(run.verdict(expectation.file), "no verdict for \(expectation.file)")
        let findings = verdict["findings"] as? [[String: Any]] ?? []
        let raised = Set(findings.filter { ($0["severity"] as? String) != "info" }.compactMap { $0["code"] as? String })
        #expect(verdict["kind"] as? String == (expectation.file.contains("image-only") ? "unknown" : "bank-statement"))
        #expect(verdict["verdict"] as? String == expectation.expect, "\(expectation.file): \(expectation.why ?? "") — raised \(raised.sorted())")
        for code in expectation.codes {
            #expect(raised.contains(code), "\(expectation.file) lacks \(code): \(expectation.why ?? "")")
        }
        if expectation.expect == "pass" {
            #expect(raised.isEmpty, "genuine \(expectation.file) raised \(raised.sorted())")
        }
    }

    @Test("a 20-page statement gets the same verdict read by one thread or by four")
    func parallelReadersAgree() throws {
        // Statements of 16 pages or more are read by several page readers in the worker;
        // the verdict must be exactly the one a single reader gives.
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = ["genuine-en-long.pdf", "forged-en-long-amount.pdf"].map { Harness.path("testdata/statements/\($0)") }
        var verdicts: [[NSDictionary]] = []
        for readers in [1, 4] {
            let config = dir.appendingPathComponent("readers-\(readers).toml")
            try "[verify]\npage_readers = \(readers)\n".write(to: config, atomically: true, encoding: .utf8)
            let result = try Harness.run(["verify", "--format", "json", "--now", "2026-11-25T12:00:00Z", "--config", config.path] + files)
            #expect(result.exitedNormally)
            verdicts.append(
                result.stdout.split(separator: "\n").compactMap {
                    (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? NSDictionary
                }
            )
        }
        try #require(verdicts[0].count == 2 && verdicts[1].count == 2)
        #expect(verdicts[0][0]["verdict"] as? String == "pass")
        #expect(verdicts[0][1]["verdict"] as? String == "fail")
        for (single, parallel) in zip(verdicts[0], verdicts[1]) {
            #expect(single.isEqual(parallel), "one reader and four readers disagree on \(single["file"] ?? "?")")
        }
    }

    @Test("the first broken balance names page, row, expected and printed value")
    func balanceEvidence() throws {
        let run = try #require(Self.run)
        let verdict = try #require(run.verdict("forged-cn-amount.pdf"))
        let findings = verdict["findings"] as? [[String: Any]] ?? []
        let chain = try #require(findings.first { $0["code"] as? String == "BALANCE_CHAIN_BROKEN" })
        let evidence = try #require(chain["evidence"] as? [String: Any])
        #expect(evidence["row"] as? Int == 16)
        #expect(evidence["page"] as? Int == 1)
        #expect(evidence["expected"] as? String != nil && evidence["printed"] as? String != nil)
        #expect(evidence["expected"] as? String != evidence["printed"] as? String)
    }

    @Test("exit status 1 for the set, and no account holder's name on stderr")
    func exitStatusAndPrivacy() throws {
        let run = try #require(Self.run)
        #expect(run.exitedNormally)
        #expect(run.status == 1)
        #expect(!run.stderr.contains("DVPRIVACYMARKER"))
        #expect(run.lines.count == Self.manifest.count)
    }
}
