import Foundation
import PDFTestSupport
import Testing

/// Small valid PDFs made in the test, each with distinct bytes, and with the privacy
/// marker in its page text (and in its Info dictionary's /Author): the daemon must judge
/// them without ever writing that text to its log.
enum TestDocuments {
    static let privacyMarker = "DVPRIVACYMARKER"

    /// A one-page PDF with a correct xref whose text names a fictitious applicant.
    /// `hook` is a test-hook comment (`%DOCVERIFY-TEST-CRASH`, `-HANG`, `-OOM`) placed in the
    /// first 4 KiB, active only when the daemon runs with `DOCVERIFY_TEST_HOOKS=1`.
    static func pdf(_ id: Int, hook: String? = nil, padding: Int = 0) -> [UInt8] {
        var lines = [
            "Letter of support \(id)",
            "Applicant: \(privacyMarker) Zhang Wei, passport E\(String(format: "%08d", id))",
            "Dear Sir or Madam, I confirm the applicant's stay.",
        ]
        if padding > 0 { lines.append(String(repeating: "x", count: padding)) }
        return MinimalPDF.build(
            lines: lines, headerComment: hook,
            info: "/Author (\(privacyMarker) Zhang Wei) /Producer (docverify daemon tests)"
        )
    }

    /// The repository root (this file is Tests/DaemonTests/Support/TestDocuments.swift).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Fixture PDFs from testdata/ (the fixture generator plants the marker in their names
    /// and account holders), whichever sets exist.
    static func fixtures(limit: Int = 40) -> [URL] {
        var found: [URL] = []
        for set in ["samples", "statements", "sesame"] {
            let folder = repositoryRoot.appendingPathComponent("testdata/\(set)")
            let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
            found += files.filter { $0.pathExtension == "pdf" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        }
        return Array(found.prefix(limit))
    }

    /// The trust store the fixtures are signed against.
    static var keysDirectory: String { repositoryRoot.appendingPathComponent("keys").path }
}
