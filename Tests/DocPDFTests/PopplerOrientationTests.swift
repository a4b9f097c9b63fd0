import DocPDF
import Foundation
import Testing

/// Orientation and image counts read from real generated statements (`testdata/furniture`,
/// `testdata/statements`) through real poppler-glib.
@Suite("poppler-glib orientation and images")
struct PopplerOrientationTests {
    static let testdata = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata")

    static func pages(_ relative: String) throws -> [PDFPageText] {
        let bytes = try [UInt8](Data(contentsOf: testdata.appendingPathComponent(relative)))
        return try PDFDocument(bytes: bytes).pages()
    }

    static let black = PDFColor(red: 0, green: 0, blue: 0)

    @Test(
        "a stamp's words are turned, the statement's own are upright",
        arguments: [("furniture/genuine-en-stamp.pdf", "25 degrees, reportlab"), ("furniture/genuine-cairo-stamp.pdf", "90 degrees, cairo")]
    )
    func stamp(_ file: String, _ how: String) throws {
        let page = try #require(Self.pages(file).first)
        let stamp = page.words.filter { $0.color != Self.black }
        let text = page.words.filter { $0.color == Self.black }
        #expect(stamp.count >= 10, "\(how): the stamp was not read")
        #expect(text.count >= 150)
        let uprightStamp = stamp.filter(\.isUpright).map(\.text)
        // A stamp glyph poppler glued to a value of the table can share its box; all others are turned.
        #expect(uprightStamp.count <= 1, "\(how): stamp words taken for upright: \(uprightStamp)")
        let turnedText = text.filter { !$0.isUpright }.map(\.text)
        #expect(turnedText.isEmpty, "\(how): upright words taken for turned: \(turnedText)")
    }

    @Test("every word of the genuine statements is upright", arguments: ["genuine-cn.pdf", "genuine-en.pdf", "genuine-eu.pdf", "genuine-cairo.pdf"])
    func uprightStatements(_ file: String) throws {
        for page in try Self.pages("statements/\(file)") {
            let turned = page.words.filter { !$0.isUpright }.map(\.text)
            #expect(turned.isEmpty, "\(file) page \(page.number): \(turned.prefix(10))")
        }
    }

    /// A one-page PDF without text whose content stream is `content` (no resources).
    static func textless(_ content: String) -> [UInt8] {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
        ]
        var bytes = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(bytes.count)
            bytes += Array("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8)
        }
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { table += String(format: "%010d 00000 n \n", offset) }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(bytes.count)\n%%EOF\n"
        return bytes + Array(table.utf8)
    }

    @Test("an inline image (BI … EI) counts as an image; vector drawing does not")
    func inlineImage() throws {
        let inline = try PDFDocument(bytes: Self.textless("q 100 0 0 100 50 50 cm BI /W 2 /H 2 /CS /G /BPC 8 ID 0aZ0 EI Q\n")).pages()
        #expect(inline.first?.words.isEmpty == true)
        #expect(inline.first?.imageCount == 1)
        let drawing = try PDFDocument(bytes: Self.textless("0 0 1 rg 50 50 200 100 re f\n")).pages()
        #expect(drawing.first?.imageCount == 0)
    }

    @Test("a blank page paints no image; a scanned page paints one")
    func images() throws {
        let blank = try Self.pages("furniture/genuine-en-blank-page.pdf")
        #expect(blank.count == 4)
        #expect(blank[3].words.isEmpty && blank[3].imageCount == 0)
        #expect(blank[0].imageCount == nil, "pages with text are not rendered for images")
        let scan = try Self.pages("furniture/scan-en-page.pdf")
        #expect(scan.count == 4)
        #expect(scan[3].words.isEmpty && scan[3].imageCount == 1)
    }
}
