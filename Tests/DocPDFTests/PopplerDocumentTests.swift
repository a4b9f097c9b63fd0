import DocPDF
import Foundation
import Testing

/// Real PDFs through real poppler-glib: what the wrapper reports must match what the
/// file says.
@Suite("poppler-glib document")
struct PopplerDocumentTests {
    /// A one-page PDF with an Info dictionary, an /ID pair and two text lines.
    static func sample(info: Bool = true) -> [UInt8] {
        let content = "BT /F1 12 Tf 72 720 Td (Opening Balance 1,234.56) Tj ET\nBT /F2 10 Tf 72 700 Td (Second line) Tj ET\n"
        var objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
        ]
        if info {
            objects.append(
                "<< /Title (Statement) /Producer (UnitTest Producer 1.0) /Creator (Generator) /CreationDate (D:20261120103000+08'00') /ModDate (D:20261120103000+08'00') >>"
            )
        }
        var bytes = Array("%PDF-1.6\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(bytes.count)
            bytes += Array("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8)
        }
        let xref = bytes.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { table += String(format: "%010d 00000 n \n", offset) }
        let infoRef = info ? " /Info 7 0 R" : ""
        table +=
            "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R\(infoRef) /ID [<00112233445566778899AABBCCDDEEFF> <FFEEDDCCBBAA99887766554433221100>] >>\nstartxref\n\(xref)\n%%EOF\n"
        return bytes + Array(table.utf8)
    }

    @Test("metadata: page count, version, Info dictionary, /ID pair")
    func metadata() throws {
        let document = try PDFDocument(bytes: Self.sample())
        let metadata = document.metadata()
        #expect(metadata.pageCount == 1)
        #expect(metadata.pdfVersion.contains("1.6"))
        #expect(metadata.title == "Statement")
        #expect(metadata.producer == "UnitTest Producer 1.0")
        #expect(metadata.creator == "Generator")
        #expect(metadata.creationDate == Date(timeIntervalSince1970: 1_795_141_800))
        #expect(metadata.permanentID?.lowercased() == "00112233445566778899aabbccddeeff")
        #expect(metadata.updateID?.lowercased() == "ffeeddccbbaa99887766554433221100")
        #expect(metadata.isLinearized == false)
        #expect(metadata.xmp == nil)
    }

    @Test("positioned words: text, boxes on one baseline, font and size from the text attributes")
    func words() throws {
        let document = try PDFDocument(bytes: Self.sample())
        let page = try #require(document.page(at: 0))
        #expect(page.number == 1)
        #expect(page.width == 612 && page.height == 792)
        #expect(page.text.contains("Opening Balance 1,234.56"))
        let words = page.words.map(\.text)
        #expect(words == ["Opening", "Balance", "1,234.56", "Second", "line"])
        let first = page.words[0]
        let amount = page.words[2]
        #expect(first.box.x0 > 71 && first.box.x0 < 73, "x of the first word is the Td position")
        #expect(abs(first.box.midY - amount.box.midY) < 0.5, "same baseline")
        #expect(amount.box.x0 > page.words[1].box.x1)
        // Top-left origin: y = 792 - 720 = 72 is the baseline; the box lies just above it.
        #expect(first.box.y1 > 60 && first.box.y1 < 80)
        #expect(first.fontSize == 12)
        #expect(page.words[3].fontSize == 10)
        #expect(first.fontName.contains("Helvetica"))
        #expect(page.words[3].fontName.contains("Courier"))
    }

    @Test("fonts: names, types, embedding")
    func fonts() throws {
        let fonts = try PDFDocument(bytes: Self.sample()).fonts()
        let names = Set(fonts.map(\.name))
        #expect(names == ["Helvetica", "Courier"])
        #expect(fonts.allSatisfy { $0.type == "Type1" && !$0.isEmbedded && $0.subsetTag == nil })
        let subset = PDFFontInfo(name: "ABCDEF+SimSun", type: "CID TrueType", isEmbedded: true, isSubset: true)
        #expect(subset.subsetTag == "ABCDEF")
        #expect(subset.baseName == "SimSun")
    }

    @Test("garbage is a read error, not a crash")
    func garbage() {
        #expect(throws: PDFReadError.self) { try PDFDocument(bytes: Array("not a pdf at all".utf8)) }
        #expect(throws: PDFReadError.self) { try PDFDocument(bytes: []) }
    }

    @Test("a password-encrypted file is reported as encrypted", .enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/qpdf")))
    func encrypted() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dv-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("plain.pdf")
        let locked = dir.appendingPathComponent("locked.pdf")
        try Data(Self.sample()).write(to: plain)
        let qpdf = Process()
        qpdf.executableURL = URL(fileURLWithPath: "/usr/bin/qpdf")
        qpdf.arguments = ["--encrypt", "user", "owner", "256", "--", plain.path, locked.path]
        try qpdf.run()
        qpdf.waitUntilExit()
        let bytes = try [UInt8](Data(contentsOf: locked))
        #expect(throws: PDFReadError.encrypted) { try PDFDocument(bytes: bytes) }
    }

    @Test("documents are independent and freed: many opens in a loop do not grow memory without bound")
    func manyDocuments() throws {
        let bytes = Self.sample()
        for _ in 0..<300 {
            let document = try PDFDocument(bytes: bytes)
            #expect(document.page(at: 0)?.words.count == 5)
            #expect(document.page(at: 1) == nil)
        }
    }
}
