import Foundation
import Testing

/// Bank statements in the layouts of `testdata/layouts` (built by `testdata/gen/layouts.py`):
/// Australian, Hong Kong, Dutch, Indian credit card, Sparkasse-style, Swiss, New Zealand, Spanish,
/// a UK online-banking print, a garbled text layer, Alipay and WeChat Pay proofs, filtered exports. Each goes through the
/// built binary as a clerk runs it: genuine statements pass and record how their arithmetic was
/// checked (`fields.arithmetic.method`, the manifest's `arithmetic`), every forged variant
/// carries the codes its manifest names.
@Suite struct LayoutFixtureTests {
    /// One manifest entry; `arithmetic` is the method a correct reader records, `accounts`
    /// (where given) how many accounts it reconciles.
    struct Expectation: Decodable, CustomTestStringConvertible, Sendable {
        var file: String
        var expect: String
        var codes: [String]
        var why: String?
        var arithmetic: String?
        var accounts: Int?
        var testDescription: String { file }
    }

    static let manifest: [Expectation] = {
        let url = Harness.root.appendingPathComponent("testdata/layouts/manifest.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([Expectation].self, from: data)) ?? []
    }()

    static let run: Harness.VerdictRun? = Harness.verdicts(of: "layouts", files: manifest.map(\.file))

    static func findings(_ verdict: [String: Any]) -> [[String: Any]] { verdict["findings"] as? [[String: Any]] ?? [] }

    static func raised(_ verdict: [String: Any]) -> Set<String> {
        Set(findings(verdict).filter { ($0["severity"] as? String) != "info" }.compactMap { $0["code"] as? String })
    }

    static func arithmetic(_ verdict: [String: Any]) -> [String: Any]? {
        (verdict["fields"] as? [String: Any])?["arithmetic"] as? [String: Any]
    }

    @Test("the set is there: every layout genuine and forged, every method and code")
    func setIsComplete() throws {
        let manifest = Self.manifest
        #expect(manifest.count >= 30)
        for layout in ["au", "au-filtered", "hk", "nl", "in-card", "de-spk", "ch", "nz", "es", "gb-print", "garbled", "alipay", "wechat", "wechat-filtered"] {
            #expect(manifest.contains { $0.file == "genuine-\(layout).pdf" }, "no genuine \(layout) statement")
        }
        for layout in ["au", "hk", "nl", "in-card", "de-spk", "ch", "nz", "es", "gb-print", "alipay", "wechat"] {
            #expect(manifest.filter { $0.file.hasPrefix("forged-\(layout)-") && $0.expect == "fail" }.count >= 2, "fewer than two forged \(layout) variants")
        }
        let codes = Set(manifest.flatMap(\.codes))
        for code in [
            "BALANCE_CHAIN_BROKEN", "BALANCE_TOTALS_MISMATCH", "REVISED_CONTENT", "TEXT_OVERLAP", "SIGNATURE_INVALID", "SIG_UPDATED_AFTER_SIGNING",
            "DATE_INVALID", "TEXT_LAYER_GARBLED",
        ] {
            #expect(codes.contains(code), "no variant for \(code)")
        }
        let methods = Set(manifest.compactMap(\.arithmetic))
        #expect(methods == ["running-balance", "account-totals", "printed-totals", "none"])
        #expect(manifest.allSatisfy { $0.arithmetic != nil }, "an entry without `arithmetic`")
    }

    @Test("no genuine statement of any layout fails, and none passes unchecked", arguments: manifest.filter { $0.file.hasPrefix("genuine-") })
    func genuineNeverFails(_ expectation: Expectation) throws {
        let run = try #require(Self.run, "docverify did not run over the layout set")
        let verdict = try #require(run.verdict(expectation.file), "no verdict for \(expectation.file)")
        #expect(verdict["verdict"] as? String != "fail", "genuine \(expectation.file) failed: \(Self.raised(verdict).sorted())")
        if verdict["verdict"] as? String == "pass" {
            #expect((Self.arithmetic(verdict)?["method"] as? String ?? "none") != "none", "\(expectation.file) passed unchecked")
        }
    }

    @Test("each statement gets the verdict and codes its manifest names", arguments: manifest)
    func verdict(_ expectation: Expectation) throws {
        try checkVerdict(expectation)
    }

    func checkVerdict(_ expectation: Expectation) throws {
        let run = try #require(Self.run, "docverify did not run over the layout set")
        let verdict = try #require(run.verdict(expectation.file), "no verdict for \(expectation.file)")
        let raised = Self.raised(verdict)
        let why = expectation.why ?? ""
        #expect(verdict["kind"] as? String == "bank-statement", "\(expectation.file) read as \(verdict["kind"] ?? "?")")
        #expect(!raised.contains("UNKNOWN_KIND"), "\(expectation.file) not recognised as a statement")
        #expect(verdict["verdict"] as? String == expectation.expect, "\(expectation.file): \(why) — raised \(raised.sorted())")
        for code in expectation.codes {
            #expect(raised.contains(code), "\(expectation.file) lacks \(code): \(why)")
        }
        if expectation.expect == "pass" {
            #expect(raised.isEmpty, "genuine \(expectation.file) raised \(raised.sorted())")
        }
        if expectation.file.hasPrefix("genuine-"), let method = expectation.arithmetic {
            let arithmetic = Self.arithmetic(verdict)
            #expect(
                arithmetic?["method"] as? String == method,
                "\(expectation.file): arithmetic \(arithmetic?["method"] ?? "none recorded"), expected \(method)")
            if let accounts = expectation.accounts {
                #expect(arithmetic?["accounts"] as? Int == accounts, "\(expectation.file): \(accounts) accounts expected")
            }
        }
    }

    @Test("a garbled text layer is said plainly: review, nothing checked, not an unknown document")
    func garbled() throws {
        let run = try #require(Self.run)
        let verdict = try #require(run.verdict("genuine-garbled.pdf"))
        let raised = Self.raised(verdict)
        #expect(verdict["verdict"] as? String == "review")
        #expect(verdict["kind"] as? String == "bank-statement")
        #expect(raised == ["TEXT_LAYER_GARBLED"], "raised \(raised.sorted())")
        #expect((Self.arithmetic(verdict)?["method"] as? String) == "none")
        let finding = try #require(Self.findings(verdict).first { $0["code"] as? String == "TEXT_LAYER_GARBLED" })
        let message = try #require(finding["message"] as? String)
        #expect(message.contains("cannot be read") && message.contains("checked by hand") && message.contains("assumption"))
        #expect((verdict["summary"] as? String)?.contains("checked by hand") == true)
    }

    @Test("no other layout is called garbled")
    func onlyGarbledIsGarbled() throws {
        let run = try #require(Self.run)
        for expectation in Self.manifest where expectation.file != "genuine-garbled.pdf" {
            let verdict = try #require(run.verdict(expectation.file))
            #expect(!Self.raised(verdict).contains("TEXT_LAYER_GARBLED"), "\(expectation.file)")
        }
    }

    @Test("payment-platform proofs are statements, their valid signature from an unknown issuer recorded, not held against them")
    func platformProofs() throws {
        try platformProofChecks()
    }

    func platformProofChecks() throws {
        let run = try #require(Self.run)
        for file in ["genuine-alipay.pdf", "genuine-wechat.pdf", "genuine-wechat-filtered.pdf"] {
            let verdict = try #require(run.verdict(file))
            #expect(verdict["kind"] as? String == "bank-statement", "\(file)")
            let info = Set(Self.findings(verdict).filter { ($0["severity"] as? String) == "info" }.compactMap { $0["code"] as? String })
            #expect(!info.isDisjoint(with: ["SIGNED_BY_BANK", "SIG_VALID_UNTRUSTED_ISSUER"]), "\(file): signature not recorded, info \(info.sorted())")
            #expect(!Self.raised(verdict).contains("SIGNATURE_INVALID"))
        }
    }

    @Test("filtered exports: the hidden rows break no chain, the rows are checked against the printed totals")
    func filteredExports() throws {
        try filteredChecks()
    }

    func filteredChecks() throws {
        let run = try #require(Self.run)
        for file in ["genuine-au-filtered.pdf", "genuine-wechat-filtered.pdf"] {
            let verdict = try #require(run.verdict(file))
            #expect(!Self.raised(verdict).contains("BALANCE_CHAIN_BROKEN"), "\(file)")
            #expect(Self.arithmetic(verdict)?["method"] as? String == "printed-totals", "\(file)")
        }
    }

    @Test("dates in descriptions and references are not dates: no DATE_INVALID or DATE_ORDER on a genuine layout")
    func referencesAreNotDates() throws {
        let run = try #require(Self.run)
        for expectation in Self.manifest where expectation.file.hasPrefix("genuine-") {
            let verdict = try #require(run.verdict(expectation.file))
            let raised = Self.raised(verdict)
            #expect(
                !raised.contains("DATE_INVALID") && !raised.contains("DATE_ORDER") && !raised.contains("DATE_OUTSIDE_PERIOD"),
                "\(expectation.file) raised \(raised.sorted())")
        }
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
