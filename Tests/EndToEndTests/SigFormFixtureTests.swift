import Foundation
import Testing

/// The signature-form fixtures (`testdata/sigforms/`, `testdata/gen/sigforms.py`) through
/// the built binary: usage-rights signatures, a DSS written directly in the catalog,
/// a report saved before it was signed, each beside the variant that still fails. Each
/// manifest entry lists the codes that must appear and those that must not (`absent`).
@Suite("Signature-form fixtures through the built binary")
struct SigFormFixtureTests {
    struct Expectation: Decodable, CustomTestStringConvertible, Sendable {
        var file: String
        var expect: String
        var codes: [String]
        var absent: [String]?
        var why: String?
        var testDescription: String { "sigforms/\(file)" }
    }

    static let manifest: [Expectation] = {
        let url = Harness.root.appendingPathComponent("testdata/sigforms/manifest.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([Expectation].self, from: data)) ?? []
    }()

    @Test("the set exists and every manifest entry names a file")
    func manifestPresent() throws {
        try #require(!Self.manifest.isEmpty, "testdata/sigforms/manifest.json is missing or empty: run `make fixtures`")
        for entry in Self.manifest {
            #expect(FileManager.default.fileExists(atPath: Harness.path("testdata/sigforms/\(entry.file)")), "\(entry.file)")
        }
    }

    @Test("each fixture: the manifest's verdict, every listed code, none of the absent ones", arguments: manifest)
    func fixture(_ entry: Expectation) throws {
        let path = Harness.path("testdata/sigforms/\(entry.file)")
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
