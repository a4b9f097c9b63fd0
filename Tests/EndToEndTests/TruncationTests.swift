import Foundation
import Testing

/// A genuine document cut short (a download broken off, a writer not finished) is never
/// called forged (issue 11, item 1): every cut of a genuine signed report or statement is
/// `error` (`TRUNCATED`) or at worst `review`, while data appended after a complete signed
/// revision still fails.
@Suite("Cut-short documents through the built binary")
struct TruncationTests {
    /// Signed reports signed in an incremental update (the unsigned report is a complete
    /// first revision), signed in their only revision, and a signed and an unsigned statement.
    static let fixtures = [
        "sesame/genuine-en-rsa2048-pkcs7.pdf", "sesame/genuine-zh-rsa2048-certified.pdf",
        "sesame/genuine-en-score750-p384-cades.pdf", "sesame/genuine-fpdf-rsa2048-cades-sha512.pdf",
        "statements/genuine-en-signed.pdf", "statements/genuine-en-single.pdf",
    ]

    static func offsets(of keyword: String, in bytes: [UInt8]) -> [Int] {
        let needle = Array(keyword.utf8)
        guard bytes.count >= needle.count else { return [] }
        return (0...(bytes.count - needle.count)).filter { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// Where to cut: every 4 % of the file, the last bytes, and the places a cut is most
    /// likely to look like something else: right after an `endobj` (between two objects of
    /// an update), inside and right after each `startxref`, just before and after each `%%EOF`.
    static func cuts(_ bytes: [UInt8]) -> [Int] {
        var cuts = Set(stride(from: 4, through: 96, by: 4).map { bytes.count * $0 / 100 })
        cuts.formUnion([bytes.count - 1, bytes.count - 2, bytes.count - 7])
        let objectEnds = offsets(of: "endobj", in: bytes).map { $0 + 7 }
        // Object boundaries in the second half (where an update is), at most 12 of them.
        let late = objectEnds.filter { $0 > bytes.count / 2 }
        cuts.formUnion(stride(from: 0, to: late.count, by: max(1, late.count / 12)).map { late[$0] })
        for startxref in offsets(of: "startxref", in: bytes) { cuts.formUnion([startxref, startxref + 5, startxref + 11]) }
        for eof in offsets(of: "%%EOF", in: bytes) { cuts.formUnion([eof - 1, eof + 3, eof + 5]) }
        return cuts.filter { $0 > 0 && $0 < bytes.count }.sorted()
    }

    /// Whether a cut at `cut` leaves a revision whole but for its last line or two: it falls
    /// in the tail `startxref … %%EOF` of a revision, after its cross-reference section and
    /// trailer. Such a cut is a genuine earlier version of the document (an unsigned statement
    /// before its signing update may pass).
    static func leavesRevisionWhole(_ bytes: [UInt8], cut: Int) -> Bool {
        let eofs = offsets(of: "%%EOF", in: bytes)
        return offsets(of: "startxref", in: bytes).contains { start in
            guard let eof = eofs.first(where: { $0 > start }) else { return false }
            return cut >= start && cut <= eof + 7
        }
    }

    @Test(
        "no cut of a genuine signed report or statement is fail (but one at the very end of an unsigned first revision); a cut inside a revision is error TRUNCATED"
    )
    func cutsNeverFail() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        var complete: Set<String> = []
        var revisionEnds: Set<String> = []
        for fixture in Self.fixtures {
            let bytes = [UInt8](try #require(FileManager.default.contents(atPath: Harness.path("testdata/\(fixture)"))))
            for cut in Self.cuts(bytes) {
                let url = dir.appendingPathComponent("\(URL(fileURLWithPath: fixture).deletingPathExtension().lastPathComponent)-\(cut).pdf")
                try Data(bytes[..<cut]).write(to: url)
                paths.append(url.path)
                if Self.leavesRevisionWhole(bytes, cut: cut) { complete.insert(url.path) }
                if Self.offsets(of: "%%EOF", in: bytes).contains(cut - 5) { revisionEnds.insert(url.path) }
            }
        }
        var counts: [String: Int] = [:]
        for batch in stride(from: 0, to: paths.count, by: 120) {
            let slice = Array(paths[batch..<min(paths.count, batch + 120)])
            let result = try Harness.run(["verify"] + Harness.fixtureFlags + slice, timeout: 900)
            let verdicts = try result.verdicts()
            try #require(verdicts.count == slice.count)
            for (path, verdict) in zip(slice, verdicts) {
                let value = verdict["verdict"] as? String ?? "?"
                let codes = (verdict["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
                counts[value, default: 0] += 1
                if revisionEnds.contains(path) {
                    // Cut exactly at the end of a revision: the bytes are a whole earlier version.
                    // A report signed in an incremental update is then its unsigned first
                    // revision, byte for byte an unsigned report (policy-unsigned.pdf), and
                    // fails for that alone; nothing else may fail.
                    let failing = (verdict["findings"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String == "fail" }
                    #expect(failing.allSatisfy { $0["code"] as? String == "SIG_MISSING" }, "\(URL(fileURLWithPath: path).lastPathComponent): \(codes)")
                } else {
                    #expect(value != "fail", "\(URL(fileURLWithPath: path).lastPathComponent): fail \(codes)")
                }
                if !complete.contains(path) {
                    #expect(value == "error" || value == "review", "\(URL(fileURLWithPath: path).lastPathComponent): \(value) \(codes)")
                }
                if value == "error" { #expect(codes.contains("TRUNCATED"), "\(URL(fileURLWithPath: path).lastPathComponent): \(codes)") }
            }
        }
        print("truncation: \(paths.count) cuts of \(Self.fixtures.count) fixtures: \(counts.sorted { $0.key < $1.key })")
        #expect(paths.count >= 200)
    }

    /// The distinction holds both ways: appended whole objects after a signed revision are
    /// the ISA-2 attack and fail; a forgery made to end inside an object gains only `error`.
    @Test("appended data after a signed revision still fails; an appended unfinished object is error, never pass")
    func appendedData() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let genuine = [UInt8](try #require(FileManager.default.contents(atPath: Harness.path("testdata/sesame/genuine-en-rsa2048-pkcs7.pdf"))))
        let object = Array("6 0 obj\n<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 700 Td (Sesame Score: 923) Tj ET\nendstream\nendobj\n".utf8)
        let whole = dir.appendingPathComponent("appended-object.pdf")
        try Data(genuine + object).write(to: whole)
        let partial = dir.appendingPathComponent("appended-partial-object.pdf")
        try Data(genuine + object.prefix(60)).write(to: partial)
        let attacks = ["isa2-body-append.pdf", "isa3-forced-reconstruction.pdf", "tail-uncovered.pdf"].map { Harness.path("testdata/attacks/\($0)") }
        let result = try Harness.run(["verify"] + Harness.fixtureFlags + [whole.path, partial.path] + attacks)
        let verdicts = try result.verdicts()
        try #require(verdicts.count == 5)
        let values = verdicts.map { $0["verdict"] as? String ?? "?" }
        #expect(values[0] == "fail")
        #expect(values[1] == "error")
        #expect(Array(values[2...]) == ["fail", "fail", "fail"])
        let codes = verdicts.map { ($0["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } }
        #expect(codes[0].contains("SIG_NOT_WHOLE_FILE"))
        #expect(codes[1].contains("TRUNCATED"))
    }
}
