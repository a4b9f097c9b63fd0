import Foundation
import Testing

/// The long-term validation fixtures (`testdata/ltv/`, `testdata/gen/ltv.py`) through the
/// built binary: PAdES-LTA reports whose later revisions only add validation data, the same
/// with content slipped into those revisions, OCSP responses and CRLs the document carries
/// (believed, or not). Each manifest entry lists the codes that must appear and those that
/// must not (`absent`).
@Suite("Long-term validation fixtures through the built binary")
struct LTVFixtureTests {
    struct Expectation: Decodable, CustomTestStringConvertible, Sendable {
        var file: String
        var expect: String
        var codes: [String]
        var absent: [String]?
        var why: String?
        var testDescription: String { "ltv/\(file)" }
    }

    static let manifest: [Expectation] = {
        let url = Harness.root.appendingPathComponent("testdata/ltv/manifest.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([Expectation].self, from: data)) ?? []
    }()

    @Test("the set exists and every manifest entry names a file")
    func manifestPresent() throws {
        try #require(Self.manifest.count >= 8, "testdata/ltv/manifest.json is missing or short: run the ltv generator")
        for entry in Self.manifest {
            #expect(FileManager.default.fileExists(atPath: Harness.path("testdata/ltv/\(entry.file)")), "\(entry.file)")
        }
    }

    @Test("each fixture: the manifest's verdict, every listed code, none of the absent ones", arguments: manifest)
    func fixture(_ entry: Expectation) throws {
        let path = Harness.path("testdata/ltv/\(entry.file)")
        let result = try Harness.run(["verify"] + Harness.fixtureFlags + [path], timeout: 120)
        let verdict = try #require(try result.verdicts().first, "no verdict; stderr: \(result.stderr.prefix(500))")
        let codes = ((verdict["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
        #expect(verdict["verdict"] as? String == entry.expect, "\(entry.file) (\(entry.why ?? "")): got \(verdict["verdict"] ?? "nil") with \(codes)")
        for code in entry.codes {
            #expect(codes.contains(code), "\(entry.file): \(code) missing from \(codes)")
        }
        for code in entry.absent ?? [] {
            #expect(!codes.contains(code), "\(entry.file): \(code) must not be reported, got \(codes)")
        }
    }
}
