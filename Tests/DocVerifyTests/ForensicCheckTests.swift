import DocPDF
import Foundation
import Testing

@testable import DocVerify

@Suite struct ForensicCheckTests {
    let now = ISO8601DateFormatter().date(from: "2026-11-25T12:00:00Z")!

    func input(
        producer: String? = nil, creator: String? = nil, xmp: String? = nil, created: Date? = nil, modified: Date? = nil,
        structure: PDFStructure = PDFStructure(), pages: [PDFPageText] = [], last: CivilDate? = nil,
        columns: [ValueColumn] = []
    ) -> ForensicInput {
        ForensicInput(
            structure: structure,
            metadata: PDFMetadata(
                pageCount: 1, pdfVersion: "1.7", creator: creator, producer: producer, creationDate: created,
                modificationDate: modified, xmp: xmp),
            pages: pages, now: now, kind: .bankStatement, lastTransactionDate: last, valueColumns: columns
        )
    }

    func revision(_ index: Int, _ objects: [(Int, PDFObjectKinds)]) -> PDFRevision {
        PDFRevision(
            span: (index * 100)..<(index * 100 + 100), eofOffset: index * 100 + 90,
            objects: objects.map { RevisionObject(ref: ObjectRef(number: $0.0, generation: 0), offset: 0, kinds: $0.1) }
        )
    }

    @Test("a later revision with a content stream is REVISED_CONTENT; a signature-only one is not")
    func revisions() {
        var structure = PDFStructure()
        structure.revisions = [
            revision(0, [(1, .catalog), (3, .page), (4, [.stream, .contentStream])]), revision(1, [(9, [.stream, .contentStream]), (3, .page)]),
        ]
        var codes = RevisionCheck.run(input(structure: structure)).map(\.code)
        #expect(codes.contains(.revisedContent))
        #expect(codes.contains(.incrementalUpdates))

        structure.revisions[1] = revision(
            1, [(10, .signature), (11, .annotation), (12, [.stream, .formXObject]), (13, .font), (3, .page), (1, .catalog), (14, .acroForm)])
        codes = RevisionCheck.run(input(structure: structure)).map(\.code)
        #expect(codes == [.incrementalUpdates])

        structure.revisions[1] = revision(1, [(20, .info)])
        codes = RevisionCheck.run(input(structure: structure)).map(\.code)
        #expect(codes == [.revisedMetadata, .incrementalUpdates])
    }

    @Test("a linearized file's first-page section is not an update")
    func linearized() {
        var structure = PDFStructure()
        structure.revisions = [revision(0, [(5, [])]), revision(1, [(1, .catalog), (3, .page), (4, [.stream, .contentStream])])]
        #expect(RevisionCheck.run(input(structure: structure)).map(\.code) == [.revisedContent, .incrementalUpdates])
        structure.linearized = LinearizationInfo(objectNumber: 5, objectOffset: 9, declaredLength: 200, matchesFileLength: true)
        #expect(RevisionCheck.run(input(structure: structure)).isEmpty)
    }

    @Test("TouchUp markers found by the scanner fail the document")
    func touchUp() {
        var structure = PDFStructure()
        structure.touchUpEdits = [
            TouchUpMarker(objectNumber: 7, generation: 0, objectOffset: 10, occurrences: 2, firstOccurrence: 3, decoded: true, revisionIndex: 0)
        ]
        let findings = TouchUpCheck.run(input(structure: structure))
        #expect(findings.map(\.code) == [.touchupEdit])
        #expect(findings.first?.severity == .fail)
    }

    @Test("image editors, online converters and office suites in Producer, Creator or XMP")
    func producers() throws {
        let photoshop = try #require(EditorProducerCheck.run(input(producer: "Adobe Photoshop for Windows -- Image Conversion Plug-in")).first)
        #expect(photoshop.code == .editorProducer)
        #expect(photoshop.message.contains("weighs most"))
        #expect(EditorProducerCheck.run(input(creator: "iLovePDF")).first?.evidence?["family"] == .string("PDF editor or online converter"))
        let xmp = "<x:xmpmeta><rdf:Description xmp:CreatorTool=\"WPS 文字\"/></x:xmpmeta>"
        #expect(EditorProducerCheck.run(input(xmp: xmp)).map(\.code) == [.editorProducer])
        for genuine in ["ReportLab PDF Library - www.reportlab.com", "cairo 1.16.0 (https://cairographics.org)", "pyHanko 0.38.0", "PyFPDF / fpdf2"] {
            #expect(EditorProducerCheck.run(input(producer: genuine)).isEmpty, "\(genuine) flagged")
        }
    }

    @Test("metadata dates: modified before created, in the future, created before the last transaction")
    func metadataDates() {
        let created = now - 5 * 86_400
        #expect(MetadataDateChecks.run(input(created: created, modified: created - 3_600)).map(\.code) == [.metadataDates])
        #expect(MetadataDateChecks.run(input(created: now + 3 * 86_400, modified: now + 3 * 86_400)).map(\.code) == [.metadataDates])
        let last = CivilDate(now)
        #expect(MetadataDateChecks.run(input(created: created, modified: created, last: last)).map(\.code) == [.metadataDates])
        #expect(MetadataDateChecks.run(input(created: created, modified: created + 30)).isEmpty)
        #expect(MetadataDateChecks.run(input(created: created, modified: created + 7_200)).map(\.code) == [.modifiedAfterCreation])
    }

    func word(
        _ text: String, _ x: Double, _ y: Double, font: String = "Helvetica", size: Double = 9,
        color: PDFColor = PDFColor(red: 0, green: 0, blue: 0), upright: Bool = true
    ) -> PDFWord {
        PDFWord(
            text: text, box: PDFRect(x0: x, y0: y, x1: x + 5 * Double(text.count), y1: y + 10), fontName: font, fontSize: size,
            color: color, isUpright: upright)
    }

    @Test("two different strings on top of each other overlap; the same string twice (fake bold) does not")
    func overlap() {
        let page = PDFPageText(
            number: 1, width: 595, height: 842,
            words: [word("12,345.67", 500, 200), word("92,345.67", 500.5, 200.2), word("Total", 40, 200)], text: "")
        #expect(TextOverlapCheck.run(input(pages: [page])).map(\.code) == [.textOverlap])
        let bold = PDFPageText(number: 1, width: 595, height: 842, words: [word("Total", 40, 200), word("Total", 40.3, 200)], text: "")
        #expect(TextOverlapCheck.run(input(pages: [bold])).isEmpty)
        // A content stream read past a wrong /Length draws garbage on top of text: no finding.
        var damaged = PDFStructure()
        damaged.streams = [
            StreamInfo(
                objectNumber: 4, generation: 0, objectOffset: 0, dataSpan: 0..<1, declaredLength: 999_999_999,
                lengthMatched: false, terminated: true, filters: [], kinds: [.stream, .contentStream], revisionIndex: 0)
        ]
        #expect(TextOverlapCheck.run(input(structure: damaged, pages: [page])).isEmpty)
    }

    static let white = PDFColor(red: 0xFFFF, green: 0xFFFF, blue: 0xFFFF)
    static let red = PDFColor(red: 0xCCCC, green: 0x1999, blue: 0x1999)

    /// Two overlapping words, what they are, and how the overlap must be graded (`nil`: evidence).
    struct OverlapCase: Sendable, CustomStringConvertible {
        var name: String
        var under: PDFWord
        var over: PDFWord
        var grade: TextOverlapCheck.Furniture?
        var description: String { name }
    }

    static let overlapCases: [OverlapCase] = {
        let t = ForensicCheckTests()
        return [
            OverlapCase(name: "an amount retyped over another", under: t.word("12,345.67", 500, 200), over: t.word("92,345.67", 500.5, 200.2), grade: nil),
            OverlapCase(name: "a date retyped", under: t.word("03/09/2026", 40, 200), over: t.word("08/09/2026", 40, 200), grade: nil),
            OverlapCase(name: "an account number retyped", under: t.word("41234567", 320, 80), over: t.word("41239567", 320, 80), grade: nil),
            OverlapCase(
                name: "white button labels", under: t.word("20/11/2026", 420, 50, color: white), over: t.word("31/10/2026", 420, 50, color: white),
                grade: .hidden),
            OverlapCase(name: "white text over a value", under: t.word("1,213.51", 340, 250), over: t.word("9,213.51", 340, 250, color: white), grade: .hidden),
            OverlapCase(
                name: "a stamp's turned digits over an amount", under: t.word("1,213.51", 340, 250),
                over: t.word("20/11", 345, 251, color: red, upright: false), grade: .turned),
            OverlapCase(
                name: "bars drawn as text over an account number", under: t.word("41234567", 320, 80), over: t.word("|||||||||||", 318, 79), grade: .barcode),
            OverlapCase(
                name: "an Intelligent Mail barcode's letters over an IBAN group", under: t.word("3000", 90, 80),
                over: t.word("ATDFFADTTFDAFTDATFADTDFAFT", 60, 80), grade: .barcode),
            OverlapCase(
                name: "a barcode font", under: t.word("12345678", 320, 80), over: t.word("A1B2C3D4", 320, 80, font: "ABCDEF+USPSIMBStandard"), grade: .barcode),
            OverlapCase(
                name: "an amount retyped in a font named like a barcode font", under: t.word("1,213.51", 340, 250),
                over: t.word("9,213.51", 340, 250, font: "ABCDEF+Code128"), grade: nil),
            OverlapCase(name: "leader dots drawn twice", under: t.word("limit..........", 40, 95), over: t.word("...........", 41, 95), grade: .leaderDots),
            OverlapCase(
                name: "a value redrawn with its leader dots", under: t.word("500.00", 370, 95), over: t.word("......500.00", 340.3, 95), grade: .redraw),
            OverlapCase(name: "a line's second pass cut short", under: t.word("Overdraft", 40, 95), over: t.word("Overdra", 40.3, 95), grade: .redraw),
            OverlapCase(name: "a right-aligned amount retyped longer", under: t.word("234.56", 520, 300), over: t.word("1,234.56", 510, 300), grade: nil),
            OverlapCase(
                name: "a big stamp date over a small amount", under: t.word("1,213.51", 340, 250), over: t.word("20/11/2026", 330, 248, size: 14), grade: .sizes
            ),
            OverlapCase(
                name: "one glyph over the end of an amount", under: t.word("12,345,678.90", 300, 250),
                over: PDFWord(
                    text: "Y", box: PDFRect(x0: 360, y0: 250, x1: 364, y1: 260), fontName: "Helvetica", fontSize: 9,
                    color: PDFColor(red: 0, green: 0, blue: 0)), grade: .fragment),
            OverlapCase(name: "two labels over each other", under: t.word("Download", 420, 50), over: t.word("Print", 421, 50), grade: .notAValue),
        ]
    }()

    @Test("overlaps are graded by evidence", arguments: overlapCases)
    func overlapGrade(_ c: OverlapCase) {
        let overlap = TextOverlapCheck.Overlap(page: 1, first: c.under, second: c.over)
        #expect(TextOverlapCheck.grade(overlap, values: .init(input())) == c.grade)
    }

    @Test("a name or a table cell is a value; a retyped one is evidence")
    func overlapValues() {
        let overlap = TextOverlapCheck.Overlap(page: 1, first: word("ZHANG", 40, 75), second: word("ZHENG", 40, 75))
        #expect(TextOverlapCheck.grade(overlap, values: .init(input())) == .notAValue)
        var named = input()
        named.headerValueWords = ["ZHANG", "WEI"]
        #expect(TextOverlapCheck.grade(overlap, values: .init(named)) == nil)
        // Description words over a cell of the table's amount column.
        let cell = ValueColumn.Cell(page: 1, row: 4, word: word("736.64", 40, 75))
        let columns = [ValueColumn(name: "debit", cells: [cell])]
        let words = TextOverlapCheck.Overlap(page: 1, first: word("Refund", 38, 75), second: word("Rebate", 38, 75))
        #expect(TextOverlapCheck.grade(words, values: .init(input(columns: columns))) == nil)
        #expect(
            TextOverlapCheck.grade(
                TextOverlapCheck.Overlap(page: 2, first: words.first, second: words.second),
                values: .init(input(columns: columns))) == .notAValue)
    }

    @Test("TEXT_OVERLAP fails with both boxes, sizes and grade; furniture beside it is TEXT_OVERLAP_FURNITURE (info)")
    func overlapFindings() throws {
        let page = PDFPageText(
            number: 1, width: 595, height: 842,
            words: [
                word("1,213.51", 340, 250), word("20/11/2026", 342, 251, color: Self.red, upright: false),
                word("27,264.67", 500, 300), word("52,264.67", 500.2, 300.1),
            ],
            text: ""
        )
        let findings = TextOverlapCheck.run(input(pages: [page]))
        #expect(findings.map(\.code) == [.textOverlap, .textOverlapFurniture])
        let fail = try #require(findings.first)
        #expect(fail.severity == .fail)
        #expect(fail.page == 1)
        #expect(fail.evidence?["texts"] == .array([.string("27,264.67"), .string("52,264.67")]))
        #expect(fail.evidence?["grade"] == .string("evidence"))
        #expect(fail.evidence?["fontSizes"] == .array([.double(9), .double(9)]))
        guard case .array(let boxes) = fail.evidence?["boxes"] else { Issue.record("no boxes"); return }
        #expect(boxes.count == 2)
        #expect(fail.evidence?["box"] != nil)
        let info = try #require(findings.last)
        #expect(info.severity == .info)
        #expect(info.evidence?["grade"] == .string("turned"))
        #expect(info.evidence?["reasons"] == .object(["turned": .int(1)]))
        // Furniture alone: info only, nothing that changes the verdict.
        let stamped = PDFPageText(number: 1, width: 595, height: 842, words: Array(page.words.prefix(2)), text: "")
        #expect(TextOverlapCheck.run(input(pages: [stamped])).map(\.severity) == [.info])
    }

    @Test("a stamp's glyphs glued into a cell, or a value in another colour, are not font outliers")
    func fontOutlierFurniture() {
        var cells = (0..<10).map { ValueColumn.Cell(page: 1, row: $0 + 1, word: word("1,000.00", 500, Double(100 + 14 * $0))) }
        cells[6].word.fontName = "Helvetica-Bold"
        cells[6].word.color = Self.red
        #expect(FontOutlierCheck.run(input(columns: [ValueColumn(name: "debit", cells: cells)])).isEmpty)
        cells[6].word.color = PDFColor(red: 0, green: 0, blue: 0)
        cells[6].word.isUpright = false
        #expect(FontOutlierCheck.run(input(columns: [ValueColumn(name: "debit", cells: cells)])).isEmpty)
        cells[6].word.isUpright = true
        #expect(FontOutlierCheck.run(input(columns: [ValueColumn(name: "debit", cells: cells)])).map(\.code) == [.fontOutlier])
    }

    @Test("one value of a column in another font is an outlier; a mixed column is not")
    func fontOutlier() {
        var cells = (0..<10).map { ValueColumn.Cell(page: 1, row: $0 + 1, word: word("1,000.00", 500, Double(100 + 14 * $0))) }
        cells[6].word.fontName = "Times-Roman"
        let finding = FontOutlierCheck.run(input(columns: [ValueColumn(name: "balance", cells: cells)])).first
        #expect(finding?.code == .fontOutlier)
        #expect(finding?.evidence?["row"] == .int(7))
        for i in 0..<5 { cells[i].word.fontName = "Courier" }
        #expect(FontOutlierCheck.run(input(columns: [ValueColumn(name: "balance", cells: cells)])).isEmpty)
    }

    @Test("pages without text in a file with images are IMAGE_ONLY; trailing bytes and reused numbers are reported")
    func structureChecks() {
        var structure = PDFStructure()
        structure.streams = [
            StreamInfo(
                objectNumber: 5, generation: 0, objectOffset: 0, dataSpan: 0..<1, declaredLength: 1,
                lengthMatched: true, terminated: true, filters: [], kinds: [.stream, .image], revisionIndex: 0)
        ]
        // A page that paints an image and has no text is image-only; a blank page is not, even
        // in a file whose other pages carry images (a logo).
        let scanned = PDFPageText(number: 2, width: 595, height: 842, words: [], text: "", imageCount: 1)
        let blank = PDFPageText(number: 2, width: 595, height: 842, words: [], text: "", imageCount: 0)
        let text = PDFPageText(number: 1, width: 595, height: 842, words: [word("Statement", 40, 40)], text: "Statement")
        let finding = ImageOnlyCheck.run(input(structure: structure, pages: [text, scanned])).first
        #expect(finding?.code == .imageOnly)
        #expect(finding?.evidence?["pages"] == .array([.int(2)]))
        #expect(ImageOnlyCheck.run(input(structure: structure, pages: [text, blank])).isEmpty)
        #expect(ImageOnlyCheck.run(input(pages: [blank])).isEmpty)
        structure.trailingBytes = 40
        structure.trailingNonWhitespaceBytes = 30
        structure.objectsWithNonZeroGeneration = [ObjectRef(number: 4, generation: 1)]
        #expect(TrailingBytesCheck.run(input(structure: structure)).map(\.code) == [.trailingBytes])
        #expect(MisdirectedXRefCheck.run(input(structure: structure)).isEmpty)
        structure.misdirectedXRefEntries = [
            MisdirectedXRefEntry(
                revisionIndex: 2, entry: ObjectRef(number: 8, generation: 0), offset: 33735, objectThere: ObjectRef(number: 6, generation: 0))
        ]
        let misdirected = MisdirectedXRefCheck.run(input(structure: structure))
        #expect(misdirected.map(\.code) == [.xrefMisdirected])
        #expect(misdirected.first?.severity == .warn)
        #expect(misdirected.first?.message.contains("revision 3 sends object 8 to the bytes of object 6") == true)
        #expect(ReusedObjectNumbersCheck.run(input(structure: structure)).first?.severity == .info)
    }
}
