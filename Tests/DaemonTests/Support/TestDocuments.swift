import Foundation
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
        var content = "BT /F1 12 Tf 72 720 Td 14 TL\n"
        for line in lines {
            let escaped = line.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
                .replacingOccurrences(of: ")", with: "\\)")
            content += "(\(escaped)) Tj T*\n"
        }
        content += "ET\n"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< /Author (\(privacyMarker) Zhang Wei) /Producer (docverify daemon tests) >>",
        ]
        var out = "%PDF-1.4\n"
        if let hook { out += "\(hook)\n" }
        var bytes = Array(out.utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(bytes.count)
            bytes += Array("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8)
        }
        let xref = bytes.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { table += String(format: "%010d 00000 n \n", offset) }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info 6 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return bytes + Array(table.utf8)
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

