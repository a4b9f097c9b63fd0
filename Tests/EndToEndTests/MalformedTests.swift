import Foundation
import Testing

/// Every malformed, hostile, encrypted or truncated file of the generated set
/// (`testdata/malformed`, built by `testdata/gen/malformed.py`) ends in the verdict
/// its manifest names, and the CLI exits normally.
@Suite("Malformed documents through the built binary")
struct MalformedTests {
    static let cases = Harness.manifest("malformed")

    @Test("the malformed set is large enough to mean something")
    func setSize() {
        #expect(Self.cases.count >= 30, "testdata/malformed/manifest.json must list ≥ 30 files")
    }

    @Test("the whole malformed set in one run: every file gets its expected verdict and code")
    func wholeSet() throws {
        try #require(!Self.cases.isEmpty)
        let files = Self.cases.map { Harness.path("testdata/malformed/\($0.file)") }
        let result = try Harness.run(["verify"] + Harness.fixtureFlags + files, timeout: 600)
        #expect(result.exitedNormally, "the CLI itself must never crash")
        #expect([0, 1, 2, 3].contains(result.status))
        let verdicts = try result.verdicts()
        try #require(verdicts.count == Self.cases.count)
        for (expectation, verdict) in zip(Self.cases, verdicts) {
            let codes = Set((verdict["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
            #expect(
                verdict["verdict"] as? String == expectation.expect,
                "\(expectation.file): expected \(expectation.expect), got \(verdict["verdict"] ?? "nil") \(codes.sorted())"
            )
            for code in expectation.codes {
                #expect(codes.contains(code), "\(expectation.file): expected \(code), got \(codes.sorted())")
            }
            if expectation.expect == "error" {
                let message = (verdict["findings"] as? [[String: Any]])?.first?["message"] as? String ?? ""
                #expect(message.count > 10, "\(expectation.file): an error verdict must say why")
            }
        }
    }
}
