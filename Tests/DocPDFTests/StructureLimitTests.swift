import DocPDF
import Testing

/// Hostile input ends in `limitExceeded`, never in a crash, a stack overflow or
/// unbounded memory.
@Suite("PDF structure scanner: limits")
struct StructureLimitTests {
    /// `true` when `body` throws `limitExceeded` whose text mentions `limit`.
    static func hitsLimit(_ limit: String, _ body: () throws(PDFStructureError) -> PDFStructure) -> Bool {
        do throws(PDFStructureError) {
            _ = try body()
            return false
        } catch {
            if case .limitExceeded(let what) = error { return what.contains(limit) }
            return false
        }
    }

    @Test("100000 nested '[' is limitExceeded, not a stack overflow", arguments: ["[", "<<", "<< /A ["])
    func deepNesting(opener: String) {
        var builder = PDFFixtureBuilder()
        builder.object(1, String(repeating: opener, count: 100_000))
        builder.finishRevision()
        #expect(Self.hitsLimit("maxNestingDepth") { () throws(PDFStructureError) in try PDFStructureScanner.scan(builder.bytes) })
    }

    @Test("nesting within the limit parses")
    func nestingWithinLimit() throws {
        var builder = PDFFixtureBuilder()
        builder.object(1, String(repeating: "[", count: 200) + String(repeating: "]", count: 200))
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.unparseableObjectCount == 0)
        #expect(
            Self.hitsLimit("maxNestingDepth") { () throws(PDFStructureError) in
                try PDFStructureScanner.scan(builder.bytes, limits: PDFStructureLimits(maxNestingDepth: 100))
            })
    }

    @Test("a decompression bomb stops at the per-stream limit")
    func bombPerStream() {
        // 16 MiB of zeros deflate to about 16 KiB.
        let bomb = PDFFixtureBuilder.deflate([UInt8](repeating: 0, count: 16 << 20))
        #expect(bomb.count < 64 << 10)
        var builder = PDFFixtureBuilder()
        builder.stream(4, dictionary: "/Filter /FlateDecode", data: bomb)
        builder.finishRevision()
        let limits = PDFStructureLimits(maxInflatedPerStream: 1 << 20)
        #expect(
            Self.hitsLimit("maxInflatedPerStream") { () throws(PDFStructureError) in
                try PDFStructureScanner.scan(builder.bytes, limits: limits)
            })
    }

    @Test("ASCII85 'z' groups (four bytes each) count against the decoding limit")
    func ascii85Expansion() {
        var builder = PDFFixtureBuilder()
        builder.stream(4, dictionary: "/Filter /ASCII85Decode", data: [UInt8](repeating: UInt8(ascii: "z"), count: 512 << 10))
        builder.finishRevision()
        #expect(
            Self.hitsLimit("maxInflatedPerStream") { () throws(PDFStructureError) in
                try PDFStructureScanner.scan(builder.bytes, limits: PDFStructureLimits(maxInflatedPerStream: 1 << 20))
            })
    }

    @Test("many streams stop at the total inflation limit")
    func bombTotal() {
        let chunk = PDFFixtureBuilder.deflate([UInt8](repeating: 0, count: 600 << 10))
        var builder = PDFFixtureBuilder()
        for number in 4..<8 { builder.stream(number, dictionary: "/Filter /FlateDecode", data: chunk) }
        builder.finishRevision()
        let limits = PDFStructureLimits(maxInflatedBytes: 2 << 20, maxInflatedPerStream: 1 << 20)
        #expect(
            Self.hitsLimit("maxInflatedBytes") { () throws(PDFStructureError) in
                try PDFStructureScanner.scan(builder.bytes, limits: limits)
            })
    }

    @Test("an object-stream bomb and an xref-stream bomb are caught too", arguments: ["/Type /ObjStm /N 1 /First 4", "/Type /XRef /W [1 2 1] /Size 1"])
    func bombInStructuralStreams(dictionary: String) {
        let bomb = PDFFixtureBuilder.deflate([UInt8](repeating: 0x20, count: 4 << 20))
        var builder = PDFFixtureBuilder()
        builder.stream(4, dictionary: "\(dictionary) /Filter /FlateDecode", data: bomb)
        builder.finishRevision()
        #expect(
            Self.hitsLimit("maxInflatedPerStream") { () throws(PDFStructureError) in
                try PDFStructureScanner.scan(builder.bytes, limits: PDFStructureLimits(maxInflatedPerStream: 1 << 20))
            })
    }

    @Test("input size, object count, revision count, values per object and xref entries are capped")
    func otherLimits() {
        let bytes = PDFFixtureBuilder.onePage().bytes
        #expect(
            Self.hitsLimit("maxInputBytes") { () throws(PDFStructureError) in
                try PDFStructureScanner.scan(bytes, limits: PDFStructureLimits(maxInputBytes: 100))
            })
        #expect(
            Self.hitsLimit("maxObjects") { () throws(PDFStructureError) in
                try PDFStructureScanner.scan(bytes, limits: PDFStructureLimits(maxObjects: 4))
            })
        let manyEOF = bytes + Array(String(repeating: "%%EOF\n", count: 20).utf8)
        #expect(
            Self.hitsLimit("maxRevisions") { () throws(PDFStructureError) in
                try PDFStructureScanner.scan(manyEOF, limits: PDFStructureLimits(maxRevisions: 10))
            })
        #expect(
            Self.hitsLimit("maxValuesPerObject") { () throws(PDFStructureError) in
                try PDFStructureScanner.scan(bytes, limits: PDFStructureLimits(maxValuesPerObject: 3))
            })
        #expect(
            Self.hitsLimit("maxXRefEntries") { () throws(PDFStructureError) in
                try PDFStructureScanner.scan(bytes, limits: PDFStructureLimits(maxXRefEntries: 5))
            })
    }

    @Test("limitExceeded and the other errors describe themselves")
    func errorDescriptions() {
        #expect(PDFStructureError.notPDF.description.contains("%PDF-"))
        #expect(PDFStructureError.limitExceeded("x (maxObjects)").description.contains("maxObjects"))
        #expect(PDFStructureError.limitExceeded("x").code == "limit-exceeded")
    }
}
