import Foundation
import Testing

/// The timestamp fixtures (`testdata/timestamps/`, `testdata/gen/timestamps.py`) through the
/// built binary: signature timestamps from the TEST TSA, an untrusted TSA and a certificate
/// without the timeStamping usage, a token copied from another signature, an expired signer
/// saved by a timestamp made in time, and document timestamps. Each manifest entry lists the
/// codes that must appear, those that must not (`absent`), substrings of the clerk's detail
/// lines (`details`), the only warn/fail codes allowed (`only_warnings`) and the verdict under
/// another policy (`policy_config`).
@Suite("Timestamp fixtures through the built binary")
struct TimestampFixtureTests {
    struct PolicyConfig: Decodable, Sendable {
        var config: String
        var policy: String
        var expect: String
    }

    struct Expectation: Decodable, CustomTestStringConvertible, Sendable {
        var file: String
        var expect: String
        var codes: [String]
        var absent: [String]?
        var details: [String]?
        var only_warnings: [String]?
        var policy_config: PolicyConfig?
        /// pyHanko 0.38's view of each signature and timestamp (recorded by the generator).
        var pyhanko: [String]?
        var why: String?
        var testDescription: String { "timestamps/\(file)" }
    }

    static let manifest: [Expectation] = {
        let url = Harness.root.appendingPathComponent("testdata/timestamps/manifest.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([Expectation].self, from: data)) ?? []
    }()

    static func verdict(_ arguments: [String]) throws -> [String: Any] {
        let result = try Harness.run(["verify"] + arguments, timeout: 120)
        return try #require(try result.verdicts().first, "no verdict; stderr: \(result.stderr.prefix(500))")
    }

    static func findings(_ verdict: [String: Any]) -> [[String: Any]] { (verdict["findings"] as? [[String: Any]]) ?? [] }

    @Test("the set exists, every manifest entry names a file, and every outcome of a timestamp is covered")
    func manifestPresent() throws {
        try #require(!Self.manifest.isEmpty, "testdata/timestamps/manifest.json is missing or empty: run `make fixtures`")
        for entry in Self.manifest {
            #expect(FileManager.default.fileExists(atPath: Harness.path("testdata/timestamps/\(entry.file)")), "\(entry.file)")
        }
        let required = Set(Self.manifest.flatMap(\.codes))
        for code in ["SIG_TIMESTAMP_VALID", "SIG_TIMESTAMP_UNTRUSTED", "SIG_TIMESTAMP_INVALID"] {
            #expect(required.contains(code), "no fixture requires \(code)")
        }
        #expect(Set(Self.manifest.map(\.expect)) == ["pass", "review", "fail"])
    }

    @Test("each fixture: the manifest's verdict, every listed code and detail line, none of the absent codes", arguments: manifest)
    func fixture(_ entry: Expectation) throws {
        let path = Harness.path("testdata/timestamps/\(entry.file)")
        let verdict = try Self.verdict(Harness.fixtureFlags + [path])
        let findings = Self.findings(verdict)
        let codes = findings.compactMap { $0["code"] as? String }
        #expect(verdict["verdict"] as? String == entry.expect, "\(entry.file) (\(entry.why ?? "")): got \(verdict["verdict"] ?? "nil") with \(codes)")
        for code in entry.codes {
            #expect(codes.contains(code), "\(entry.file): \(code) missing from \(codes)")
        }
        for code in entry.absent ?? [] {
            #expect(!codes.contains(code), "\(entry.file): \(code) must not be reported, got \(codes)")
        }
        let details = (verdict["details"] as? [String]) ?? []
        for line in entry.details ?? [] {
            #expect(details.contains { $0.contains(line) }, "\(entry.file): no detail line contains \"\(line)\" in \(details)")
        }
        if let allowed = entry.only_warnings {
            let raised = findings.filter { ["warn", "fail"].contains($0["severity"] as? String ?? "") }.compactMap { $0["code"] as? String }
            #expect(Set(raised).isSubset(of: Set(allowed)), "\(entry.file): warn/fail codes \(raised), only \(allowed) allowed")
        }
    }

    /// The timestamp code pyHanko's view of one timestamp corresponds to.
    static func expectedCode(pyHanko view: String) -> String {
        if view.hasPrefix("not intact") { return "SIG_TIMESTAMP_INVALID" }
        return view.hasSuffix("not trusted") ? "SIG_TIMESTAMP_UNTRUSTED" : "SIG_TIMESTAMP_VALID"
    }

    @Test(
        "docverify agrees with pyHanko on every timestamp: intact and trusted is valid, not intact is invalid, intact but not trusted cannot be relied on",
        arguments: manifest)
    func agreesWithPyHanko(_ entry: Expectation) throws {
        let views = try #require(entry.pyhanko, "\(entry.file): no pyHanko view in the manifest")
        // "signature: …; its timestamp: F" or "document timestamp: F", F = intact,valid,trusted with "not " where false.
        let timestamps = views.compactMap { view in
            view.components(separatedBy: "timestamp: ").dropFirst().first
        }
        try #require(!timestamps.isEmpty, "\(entry.file): pyHanko saw no timestamp")
        let verdict = try Self.verdict(Harness.fixtureFlags + [Harness.path("testdata/timestamps/\(entry.file)")])
        let codes = Self.findings(verdict).compactMap { $0["code"] as? String }.filter { $0.hasPrefix("SIG_TIMESTAMP_") }
        #expect(codes.sorted() == timestamps.map { Self.expectedCode(pyHanko: $0) }.sorted(), "\(entry.file): pyHanko \(views), docverify \(codes)")
    }

    @Test(
        "a fixture judged under another policy (an expired signer saved by its timestamp passes when the report's age is allowed)",
        arguments: manifest.filter { $0.policy_config != nil })
    func underOtherPolicy(_ entry: Expectation) throws {
        let policy = try #require(entry.policy_config)
        let path = Harness.path("testdata/timestamps/\(entry.file)")
        let verdict = try Self.verdict(
            ["--config", Harness.path("testdata/timestamps/\(policy.config)"), "--policy", policy.policy] + Harness.fixtureFlags + [path]
        )
        let codes = Self.findings(verdict).compactMap { $0["code"] as? String }
        #expect(verdict["verdict"] as? String == policy.expect, "\(entry.file) under \(policy.policy): got \(verdict["verdict"] ?? "nil") with \(codes)")
        #expect(!codes.contains("SIG_CERT_EXPIRED"))
    }

    @Test("the expired-signer attack without a timestamp still fails: its signing time is only the signer's claim")
    func expiredSignerWithoutTimestampStillFails() throws {
        let verdict = try Self.verdict(Harness.fixtureFlags + [Harness.path("testdata/attacks/trust-expired-signer.pdf")])
        let codes = Self.findings(verdict).compactMap { $0["code"] as? String }
        #expect(verdict["verdict"] as? String == "fail")
        #expect(codes.contains("SIG_CERT_EXPIRED") && !codes.contains("SIG_TIMESTAMP_VALID"), "\(codes)")
        let details = (verdict["details"] as? [String]) ?? []
        #expect(details.contains { $0.hasPrefix("Signed:") && $0.contains("claimed by the signer") }, "\(details)")
    }

    @Test(
        "an anchor's role binds it: a root for document signers only leaves the timestamp untrusted; a root for TSAs only leaves the signer untrusted; no role serves both"
    )
    func anchorRoles() throws {
        // The TEST TSA and the TEST signer share one root: its sidecar's role decides which of
        // the two chains it may end.
        let report = Harness.path("testdata/timestamps/report-signature-timestamp.pdf")
        func codes(role: String?) throws -> (verdict: String, codes: Set<String>) {
            let keys = try Harness.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: keys) }
            for name in ["test-sesame-root.pem", "test-sesame.crl.pem"] {
                try FileManager.default.copyItem(atPath: Harness.path("keys/" + name), toPath: keys.appendingPathComponent(name).path)
            }
            if let role {
                try "role = \"\(role)\"\n".write(to: keys.appendingPathComponent("test-sesame-root.pem.toml"), atomically: true, encoding: .utf8)
            }
            let result = try Harness.run(["verify", "--format", "json", "--now", "2026-11-25T12:00:00Z", "--allow-test-keys", "--keys", keys.path, report])
            let verdict = try #require(try result.verdicts().first)
            let found = Set((verdict["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
            return (verdict["verdict"] as? String ?? "?", found)
        }
        let both = try codes(role: nil)
        #expect(both.verdict == "pass")
        #expect(both.codes.isSuperset(of: ["SIG_VALID", "SIG_TIMESTAMP_VALID"]))
        let signers = try codes(role: "signer")
        #expect(signers.verdict == "review")
        #expect(signers.codes.isSuperset(of: ["SIG_VALID", "SIG_TIMESTAMP_UNTRUSTED"]))
        let tsas = try codes(role: "tsa")
        #expect(tsas.verdict == "fail")
        #expect(tsas.codes.isSuperset(of: ["SIG_UNTRUSTED", "SIG_TIMESTAMP_VALID"]))
        #expect(!tsas.codes.contains("SIG_VALID"))
    }
}
