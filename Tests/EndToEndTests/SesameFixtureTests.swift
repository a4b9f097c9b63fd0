import Foundation
import Testing

/// Every Sesame, attack and sample fixture through the built `docverify` binary, as a
/// clerk runs it: the verdict and codes its manifest expects, and the exit status.
///
/// The fixtures come from the committed generator (`make fixtures`); each manifest entry
/// says why the file exists (`why`). Flags: `Harness.fixtureFlags` (evaluation time
/// 2026-11-25T12:00:00Z, test keys allowed, trust store `keys/`).
@Suite("Sesame fixtures through the built binary")
struct SesameFixtureTests {
    static let sets = ["sesame", "attacks", "samples"]

    struct Case: Sendable, CustomTestStringConvertible {
        var set: String
        var expectation: Harness.Expectation
        var path: String { Harness.path("testdata/\(set)/\(expectation.file)") }
        var testDescription: String { "\(set)/\(expectation.file)" }
    }

    static let cases: [Case] = sets.flatMap { set in Harness.manifest(set).map { Case(set: set, expectation: $0) } }

    static func exitStatus(for verdict: String) -> Int32 {
        switch verdict {
        case "pass": 0
        case "fail": 1
        case "review": 2
        default: 3
        }
    }

    @Test("the fixture sets exist and every manifest entry names a file", arguments: sets)
    func manifests(set: String) throws {
        let entries = Harness.manifest(set)
        try #require(!entries.isEmpty, "testdata/\(set)/manifest.json is missing or empty: run `make fixtures`")
        for entry in entries {
            #expect(FileManager.default.fileExists(atPath: Harness.path("testdata/\(set)/\(entry.file)")), "\(entry.file)")
            #expect(["pass", "review", "fail", "error"].contains(entry.expect), "\(entry.file): \(entry.expect)")
        }
    }

    @Test("each fixture: the manifest's verdict, every listed code, the exit status", arguments: cases)
    func fixture(_ fixture: Case) throws {
        let result = try Harness.run(["verify"] + Harness.fixtureFlags + [fixture.path], timeout: 120)
        #expect(result.exitedNormally)
        let verdicts = try result.verdicts()
        let verdict = try #require(verdicts.first, "no verdict on stdout; stderr: \(result.stderr.prefix(500))")
        let codes = ((verdict["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
        let why = fixture.expectation.why ?? ""
        #expect(
            verdict["verdict"] as? String == fixture.expectation.expect,
            "\(fixture.testDescription) (\(why)): got \(verdict["verdict"] ?? "nil") with \(codes); summary: \(verdict["summary"] ?? "")"
        )
        for code in fixture.expectation.codes {
            #expect(codes.contains(code), "\(fixture.testDescription) (\(why)): \(code) missing from \(codes)")
        }
        #expect(result.status == Self.exitStatus(for: fixture.expectation.expect), "\(fixture.testDescription): exit \(result.status)")
        // Personal data never appears unmasked: no 18-digit ID number in the output.
        #expect(result.stdout.firstMatch(of: /[0-9]{17}[0-9X]/) == nil, "\(fixture.testDescription): unmasked ID number in the verdict")
    }

    @Test("a whole set in one run: JSON Lines in argument order, and the combined exit status", arguments: sets)
    func wholeSet(set: String) throws {
        let entries = Harness.manifest(set)
        guard !entries.isEmpty else { return }
        let paths = entries.map { Harness.path("testdata/\(set)/\($0.file)") }
        let result = try Harness.run(["verify"] + Harness.fixtureFlags + paths, timeout: 600)
        let verdicts = try result.verdicts()
        try #require(verdicts.count == entries.count)
        for (entry, verdict) in zip(entries, verdicts) {
            #expect((verdict["file"] as? String)?.hasSuffix(entry.file) == true)
            #expect(verdict["verdict"] as? String == entry.expect, "\(set)/\(entry.file)")
        }
        let expected: Int32 =
            entries.contains { $0.expect == "fail" }
            ? 1
            : entries.contains { $0.expect == "review" } ? 2 : entries.contains { $0.expect == "error" } ? 3 : 0
        #expect(result.status == expected)
    }

    @Test("the text form shows the clerk issuer, signer, signing time, score against threshold and age")
    func textForm() throws {
        guard let genuine = Self.cases.first(where: { $0.set == "sesame" && $0.expectation.expect == "pass" }) else { return }
        let flags = Harness.fixtureFlags.filter { $0 != "--format" && $0 != "json" }
        let result = try Harness.run(["verify"] + flags + [genuine.path], timeout: 120)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let first = try #require(lines.first)
        #expect(first.hasPrefix("PASS (TEST ISSUER"), "the first line says a test issuer was relied on: \(first)")
        #expect(first.contains("Signature valid and"))
        for label in ["Issuer:", "Signer:", "Signed:", "Score:", "Report age:"] {
            #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }, "no \(label) line")
        }
        #expect(!result.stdout.lowercased().contains("refuse"))
        #expect(!result.stdout.lowercased().contains("authentic"))
    }

    @Test("without --allow-test-keys the test issuer is not trusted and a genuine test report fails")
    func testKeysNeedTheFlag() throws {
        guard let genuine = Self.cases.first(where: { $0.set == "sesame" && $0.expectation.expect == "pass" }) else { return }
        // The test root beside an anchor that is not a test one (a store of test anchors alone
        // has no usable anchor without the flag: TRUST_STORE_EMPTY, CLITests.emptyTrustStore).
        let keys = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: keys) }
        try FileManager.default.copyItem(atPath: Harness.path("keys/test-sesame-root.pem"), toPath: keys.appendingPathComponent("test-sesame-root.pem").path)
        try FileManager.default.copyItem(atPath: Harness.path("keys/test-sm2-root.pem"), toPath: keys.appendingPathComponent("other-root.pem").path)
        try FileManager.default.copyItem(atPath: Harness.path("keys/test-sm2-root.pem.toml"), toPath: keys.appendingPathComponent("other-root.pem.toml").path)
        let result = try Harness.run(["verify", "--format", "json", "--now", "2026-11-25T12:00:00Z", "--keys", keys.path, genuine.path], timeout: 120)
        let verdict = try #require(try result.verdicts().first)
        let codes = ((verdict["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
        #expect(verdict["verdict"] as? String == "fail")
        #expect(codes.contains("SIG_UNTRUSTED"))
        #expect(!codes.contains("TEST_ISSUER"))
    }
}
