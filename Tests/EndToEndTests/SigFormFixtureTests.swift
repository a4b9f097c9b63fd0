import Foundation
import Testing

/// The signature-form fixtures through the built binary: `testdata/sigforms/`
/// (`testdata/gen/sigforms.py`: usage-rights signatures, a DSS written directly in the
/// catalog, a report saved before it was signed) and `testdata/cmsforms/`
/// (`testdata/gen/cmsforms.py`: adbe.pkcs7.sha1, adbe.x509.rsa_sha1, BER, no signed
/// attributes, two SignerInfos, ESS listing the signer twice or naming another
/// certificate, bytes after the CMS, a glued `%%EOF`), each beside the variant that still
/// fails, and `testdata/latersig/` (`testdata/gen/latersig.py`: a document signed again in a
/// later revision, `SIG_LATER_SIGNATURE`, beside the untrusted, self-signed, page-changing,
/// full-page and over-the-text second signatures that keep `SIG_UPDATED_AFTER_SIGNING`, and a
/// Sesame report signed twice, which stays `fail`). Each manifest entry lists the codes that must appear and those that must not (`absent`).
@Suite("Signature-form fixtures through the built binary")
struct SigFormFixtureTests {
    struct Expectation: Decodable, CustomTestStringConvertible, Sendable {
        /// The fixture set (folder under testdata/), filled in after decoding.
        var set = ""
        var file: String
        var expect: String
        var codes: [String]
        var absent: [String]?
        var why: String?
        var path: String { "\(set)/\(file)" }
        var testDescription: String { path }

        private enum CodingKeys: String, CodingKey { case file, expect, codes, absent, why }
    }

    static let sets = ["sigforms", "cmsforms", "latersig"]

    static func manifest(_ set: String) -> [Expectation] {
        let url = Harness.root.appendingPathComponent("testdata/\(set)/manifest.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return ((try? JSONDecoder().decode([Expectation].self, from: data)) ?? []).map { entry in
            var entry = entry
            entry.set = set
            return entry
        }
    }

    static let manifest: [Expectation] = sets.flatMap(manifest)

    @Test("each set exists and every manifest entry names a file", arguments: sets)
    func manifestPresent(_ set: String) throws {
        let entries = Self.manifest(set)
        try #require(!entries.isEmpty, "testdata/\(set)/manifest.json is missing or empty: run `make fixtures`")
        for entry in entries {
            #expect(FileManager.default.fileExists(atPath: Harness.path("testdata/\(entry.path)")), "\(entry.path)")
        }
    }

    @Test("each fixture: the manifest's verdict, every listed code, none of the absent ones", arguments: manifest)
    func fixture(_ entry: Expectation) throws {
        let path = Harness.path("testdata/\(entry.path)")
        let result = try Harness.run(["verify"] + Harness.fixtureFlags + [path], timeout: 120)
        let verdict = try #require(try result.verdicts().first, "no verdict; stderr: \(result.stderr.prefix(500))")
        let codes = ((verdict["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
        let why = entry.why ?? ""
        #expect(verdict["verdict"] as? String == entry.expect, "\(entry.file) (\(why)): got \(verdict["verdict"] ?? "nil") with \(codes)")
        for code in entry.codes {
            #expect(codes.contains(code), "\(entry.file): \(code) missing from \(codes)")
        }
        for code in entry.absent ?? [] {
            #expect(!codes.contains(code), "\(entry.file): \(code) must not be reported, got \(codes)")
        }
    }
}
