import Foundation
import Testing

/// The SM2/SM3 fixtures (`testdata/sm2/`, `testdata/gen/sm2.py`) through the built binary:
/// reports signed with SM2 and SM3 under the GM/T 0009 default distinguishing ID or the
/// one the anchor's sidecar (`keys/test-sm2-custom-root.pem.toml`) names, beside a wrong
/// ID, a change after signing and SM2 with SHA-256. Each manifest entry lists the codes
/// that must appear and those that must not (`absent`).
@Suite("SM2/SM3 fixtures through the built binary")
struct SM2FixtureTests {
    static let manifest = Harness.manifest("sm2")

    @Test("the set exists and every manifest entry names a file")
    func manifestPresent() throws {
        try #require(!Self.manifest.isEmpty, "testdata/sm2/manifest.json is missing or empty: run `make fixtures`")
        for entry in Self.manifest {
            #expect(FileManager.default.fileExists(atPath: Harness.path("testdata/sm2/\(entry.file)")), "\(entry.file)")
        }
    }

    static func run(_ file: String, keys: String = Harness.path("keys")) throws -> (verdict: String?, codes: [String]) {
        var flags = Harness.fixtureFlags
        flags[flags.count - 1] = keys
        let result = try Harness.run(["verify"] + flags + [Harness.path("testdata/sm2/\(file)")], timeout: 120)
        let verdict = try #require(try result.verdicts().first, "no verdict; stderr: \(result.stderr.prefix(500))")
        let codes = ((verdict["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
        return (verdict["verdict"] as? String, codes)
    }

    @Test("each fixture: the manifest's verdict, every listed code, none of the absent ones", arguments: manifest)
    func fixture(_ entry: Harness.Expectation) throws {
        let (verdict, codes) = try Self.run(entry.file)
        let why = entry.why ?? ""
        #expect(verdict == entry.expect, "\(entry.file) (\(why)): got \(verdict ?? "nil") with \(codes)")
        for code in entry.codes {
            #expect(codes.contains(code), "\(entry.file): \(code) missing from \(codes)")
        }
        for code in entry.absent ?? [] {
            #expect(!codes.contains(code), "\(entry.file): \(code) must not be reported, got \(codes)")
        }
    }

    @Test("the sidecar decides: without it the custom-ID report fails, the default-ID one still passes")
    func sidecarDecides() throws {
        let keys = try Harness.temporaryDirectory()
        for name in ["test-sm2-root.pem", "test-sm2-custom-root.pem"] {
            try FileManager.default.copyItem(atPath: Harness.path("keys/\(name)"), toPath: keys.appendingPathComponent(name).path)
        }
        let custom = try Self.run("sm2-custom-id.pdf", keys: keys.path)
        #expect(custom.verdict == "fail" && custom.codes.contains("SIG_CRYPTO_INVALID"), "\(custom)")
        let standard = try Self.run("sm2-default-id.pdf", keys: keys.path)
        #expect(standard.verdict == "pass", "\(standard)")
    }
}
