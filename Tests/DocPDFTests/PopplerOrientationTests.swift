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
