import DocPDF
import Testing

/// ``PDFStructure/truncation``: what a cut leaves unfinished, and what it does not.
@Suite("PDF structure scanner: files cut short")
struct StructureTruncationTests {
    static func scan(_ bytes: [UInt8]) throws -> PDFStructure { try PDFStructureScanner.scan(bytes) }

    @Test("a file that ends inside an object, or inside a signed revision, is cut short")
    func endsInside() throws {
        let whole = PDFFixtureBuilder.onePage().bytes
        let object = try #require(whole.offset(of: "4 0 obj"))
        let inside = try Self.scan(Array(whole[..<(object + 20)]))
        #expect(inside.truncation?.kind == .insideObject(offset: object))
        #expect(try Self.scan(whole).truncation == nil)

        let signed = try StructureSignatureTests.signed().bytes
        let past = try Self.scan(Array(signed.dropLast(3)))
        guard case .signedRangePastEnd = past.truncation?.kind else {
            Issue.record("a signed file cut before its %%EOF: \(String(describing: past.truncation))")
            return
        }
        #expect(try Self.scan(signed).truncation == nil)
    }

    @Test("an update's whole objects without startxref: unfinished after an unsigned revision, appended data after a signed one")
    func unfinishedUpdate() throws {
        let update = Array("7 0 obj\n<< /Type /Annot >>\nendobj\n8 0 obj\n(x)\nendobj\n".utf8)
        let unsigned = PDFFixtureBuilder.onePage().bytes
        let afterUnsigned = try Self.scan(unsigned + update)
        #expect(afterUnsigned.truncation?.kind == .unfinishedUpdate(start: unsigned.count))
        // ISA-2's shape: the signature ends at the %%EOF; the objects after it are appended.
        let signed = try StructureSignatureTests.signed().bytes
        #expect(try Self.scan(signed + update).truncation == nil)
        // A whole signed revision claiming more bytes than the file has was altered, not cut.
        #expect(try Self.scan(Array(signed.prefix(40)) + Array(signed.dropFirst(50))).truncation == nil)
    }

    @Test("a lone revision without startxref or %%EOF is left to the reader (a damaged file, not a cut of an update)")
    func loneRevision() throws {
        let whole = PDFFixtureBuilder.onePage().bytes
        let startxref = try #require(whole.offset(of: "startxref"))
        #expect(try Self.scan(Array(whole[..<startxref])).truncation == nil)
        #expect(try Self.scan(Array(whole[..<(startxref + 12)])).truncation == nil)
    }
}
