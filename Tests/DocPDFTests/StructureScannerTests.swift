import DocPDF
import Testing

/// The raw-byte scanner on small PDFs built byte by byte, where every offset is known.
@Suite("PDF structure scanner")
struct StructureScannerTests {
    @Test("one revision: header, xref table, trailer keys, startxref and objects")
    func oneRevision() throws {
        let builder = PDFFixtureBuilder.onePage(trailer: "/Info 5 0 R /ID [<00AB12> <cdEF34>]")
        let structure = try PDFStructureScanner.scan(builder.bytes)

        #expect(structure.headerOffset == 0)
        #expect(structure.headerVersion == "1.7")
        #expect(structure.headerLine == "%PDF-1.7")
        #expect(structure.objectCount == 5)
        #expect(structure.revisions.count == 1)
        let revision = try #require(structure.revisions.first)
        #expect(revision.span == 0..<builder.bytes.count)
        #expect(revision.eofOffset == builder.bytes.offset(of: "%%EOF"))
        #expect(revision.xrefKind == .table)
        #expect(revision.startxref == builder.lastXRef)
        #expect(revision.startxrefPointsToXRef)
        #expect(revision.prev == nil)
        #expect(revision.objectRefs.map(\.number) == [1, 2, 3, 4, 5])
        #expect(revision.xrefEntries.count == 6)
        #expect(revision.xrefEntries.first == XRefEntry(objectNumber: 0, generation: 65535, target: .free(nextFree: 0)))
        #expect(revision.xrefEntries.last == XRefEntry(objectNumber: 5, generation: 0, target: .inUse(offset: builder.offsets[5] ?? -1)))
        let trailer = try #require(revision.trailer)
        #expect(trailer.root == ObjectRef(number: 1, generation: 0))
        #expect(trailer.info == ObjectRef(number: 5, generation: 0))
        #expect(trailer.ids == ["00ab12", "cdef34"])
        #expect(trailer.size == 6)
        #expect(trailer.keys == ["ID", "Info", "Root", "Size"])
        #expect(!trailer.hasEncrypt)
        #expect(structure.eofOffsets == [builder.bytes.offset(of: "%%EOF") ?? -1])
        #expect(structure.startxrefValues == [builder.lastXRef ?? -1])
        #expect(structure.xrefOffsets == [builder.lastXRef ?? -1])
        #expect(structure.trailerCount == 1)
        #expect(structure.prevChain == [builder.lastXRef ?? -1])
        #expect(!structure.prevChainHasCycle)
        #expect(!structure.prevChainBroken)
        #expect(structure.trailingBytes == 0)
        #expect(structure.signatures.isEmpty)
        #expect(structure.touchUpEdits.isEmpty)
        #expect(!structure.isEncrypted)
        #expect(structure.linearized == nil)
        #expect(structure.unparseableObjectCount == 0)
    }

    @Test("object kinds: catalog, pages, page, content stream, font")
    func objectKinds() throws {
        let structure = try PDFStructureScanner.scan(PDFFixtureBuilder.onePage().bytes)
        let kinds = try #require(structure.revisions.first).objects.map(\.kinds)
        #expect(kinds == [.catalog, .pages, .page, [.stream, .contentStream], .font])
        let stream = try #require(structure.streams.first)
        #expect(stream.objectNumber == 4)
        #expect(stream.lengthMatched)
        #expect(stream.terminated)
        #expect(stream.decodeStatus == .raw)
    }

    @Test("incremental update: two revisions chained by /Prev, and what the update redefines")
    func incrementalUpdate() throws {
        var builder = PDFFixtureBuilder.onePage()
        let firstXRef = try #require(builder.lastXRef)
        let firstEnd = builder.bytes.count
        builder.stream(4, data: Array("BT /F1 12 Tf 72 720 Td (Balance 9,234.56) Tj ET".utf8))
        builder.object(6, "<< /Producer (Editor) /ModDate (D:20250101000000Z) >>")
        let secondXRef = builder.finishRevision(trailer: "/Info 6 0 R")
        let structure = try PDFStructureScanner.scan(builder.bytes)

        #expect(structure.revisions.count == 2)
        #expect(structure.revisions.map(\.span) == [0..<firstEnd, firstEnd..<builder.bytes.count])
        #expect(structure.revisions[1].prev == firstXRef)
        #expect(structure.revisions[1].startxref == secondXRef)
        #expect(structure.prevChain == [secondXRef, firstXRef])
        #expect(!structure.prevChainHasCycle)
        #expect(!structure.prevChainBroken)
        #expect(structure.startxrefValues == [firstXRef, secondXRef])
        #expect(structure.eofOffsets.count == 2)
        let update = structure.revisions[1]
        #expect(update.objectRefs == [ObjectRef(number: 4, generation: 0), ObjectRef(number: 6, generation: 0)])
        #expect(update.objects[0].kinds.contains(.contentStream))
        #expect(update.objects[1].kinds == .info)
        #expect(update.xrefEntries.map(\.objectNumber) == [4, 6])
        #expect(structure.streams.map(\.revisionIndex) == [0, 1])
    }

    @Test("a /Prev cycle ends the walk and is flagged")
    func prevCycle() throws {
        var builder = PDFFixtureBuilder()
        builder.writeOnePageObjects(content: "q Q")
        let firstXRef = builder.finishRevision(trailer: "/Prev 0000000000")
        builder.object(6, "<< /Producer (x) >>")
        let secondXRef = builder.finishRevision()
        // Point the first trailer's /Prev at the second table, closing the loop.
        let patchAt = try #require(builder.bytes.offset(of: "/Prev 0000000000"))
        var bytes = builder.bytes
        let padded = String(repeating: "0", count: 10 - String(secondXRef).count) + String(secondXRef)
        bytes.replaceSubrange((patchAt + 6)..<(patchAt + 16), with: Array(padded.utf8))

        let structure = try PDFStructureScanner.scan(bytes)
        #expect(structure.prevChain == [secondXRef, firstXRef])
        #expect(structure.prevChainHasCycle)
        #expect(!structure.prevChainBroken)
    }

    @Test("a /Prev self-loop is a cycle too")
    func prevSelfLoop() throws {
        var builder = PDFFixtureBuilder.onePage()
        builder.object(6, "<< /Producer (x) >>")
        let xref = builder.finishRevision(prev: builder.bytes.count)
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.prevChain == [xref])
        #expect(structure.prevChainHasCycle)
    }

    @Test("a /Prev that points at no xref section breaks the chain")
    func prevBroken() throws {
        var builder = PDFFixtureBuilder.onePage()
        builder.object(6, "<< /Producer (x) >>")
        let xref = builder.finishRevision(prev: 12)
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.prevChain == [xref, 12])
        #expect(structure.prevChainBroken)
        #expect(!structure.prevChainHasCycle)
    }

    @Test("a startxref that points nowhere (forced reconstruction) is reported")
    func danglingStartxref() throws {
        var builder = PDFFixtureBuilder.onePage()
        builder.append("4 0 obj\n<< /Length 3 >>\nstream\nabc\nendstream\nendobj\nstartxref\n999999\n%%EOF\n")
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.revisions.count == 2)
        #expect(structure.revisions[1].xrefKind == .missing)
        #expect(structure.revisions[1].startxref == 999_999)
        #expect(!structure.revisions[1].startxrefPointsToXRef)
        #expect(structure.prevChain == [999_999])
        #expect(structure.prevChainBroken)
    }

    /// The "hide via referenced object" shadow attack (RUB-NDS): an update adds one object
    /// and a table line that sends the page's content stream (object 4) to that object's
    /// bytes, so a reader draws the new object instead, and object 4 itself is never touched.
    @Test("an xref entry that sends an object to another object's bytes is reported; honest entries are not")
    func misdirectedXRefEntry() throws {
        var builder = PDFFixtureBuilder.onePage()
        builder.object(6, "<< /Length 0 >>\nstream\n\nendstream")
        builder.finishRevision()
        #expect(try PDFStructureScanner.scan(builder.bytes).misdirectedXRefEntries.isEmpty)

        // The attack's update: object 7 (blank content) and a table whose line for object 4
        // names object 7's offset. Object 7's own line names the end-of-line before its
        // header (the same object: not listed), and object 5's names the table itself (no
        // header there: a damaged line, not a redirection).
        let prev = builder.lastXRef ?? 0
        builder.append("\n")
        let seven = builder.bytes.count
        builder.append("7 0 obj\n<< /Length 0 >>\nstream\n\nendstream\nendobj\n")
        let xref = builder.bytes.count
        let entry = PDFFixtureBuilder.entry
        builder.append("xref\n0 1\n\(entry(0, 65535, "f"))4 2\n\(entry(seven, 0, "n"))\(entry(xref, 0, "n"))")
        builder.append("7 1\n\(entry(seven - 1, 0, "n"))")
        builder.append("trailer\n<< /Size 8 /Root 1 0 R /Prev \(prev) >>\nstartxref\n\(xref)\n%%EOF\n")
        let attacked = try PDFStructureScanner.scan(builder.bytes)
        #expect(
            attacked.misdirectedXRefEntries == [
                MisdirectedXRefEntry(
                    revisionIndex: 2, entry: ObjectRef(number: 4, generation: 0), offset: seven,
                    objectThere: ObjectRef(number: 7, generation: 0))
            ])
    }

    /// A file with bytes before `%PDF-` whose table counts offsets from the header: read as
    /// is, object 4's offset lands exactly on object 3's header (the junk is as long as
    /// object 3), read from the header it lands on object 4. That is its own object.
    @Test("offsets counted from a header after leading bytes are not taken for redirections")
    func headerRelativeOffsetsAreNotMisdirected() throws {
        var measure = PDFFixtureBuilder()
        measure.writeOnePageObjects(content: "q Q")
        let shift = (measure.offsets[4] ?? 0) - (measure.offsets[3] ?? 0)
        var builder = PDFFixtureBuilder(prefix: Array(repeating: UInt8(ascii: "x"), count: shift - 1) + [0x0A])
        builder.writeOnePageObjects(content: "q Q")
        let xref = builder.bytes.count
        var table = "xref\n0 6\n" + PDFFixtureBuilder.entry(0, 65535, "f")
        for number in 1...5 { table += PDFFixtureBuilder.entry((builder.offsets[number] ?? 0) - shift, 0, "n") }
        builder.append(table + "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n\(xref - shift)\n%%EOF\n")
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.headerOffset == shift)
        #expect(structure.revisions.first?.xrefEntries.count == 6)
        #expect(structure.misdirectedXRefEntries.isEmpty)
    }

    @Test("bytes after the last %%EOF: raw and non-white-space counts; the EOL after %%EOF is not counted")
    func trailingBytes() throws {
        var builder = PDFFixtureBuilder.onePage()
        builder.append("\n\r\n  garbage\n")
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.trailingBytes == 13)
        #expect(structure.trailingNonWhitespaceBytes == 7)
        #expect(structure.revisions.count == 1)
    }

    @Test("CR LF after %%EOF belongs to the revision")
    func crlfAfterEOF() throws {
        var builder = PDFFixtureBuilder()
        builder.writeOnePageObjects(content: "q Q")
        builder.finishRevision(eol: "\r\n")
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.revisions.first?.span.upperBound == builder.bytes.count)
        #expect(structure.trailingBytes == 0)
    }

    @Test("an object appended without xref or %%EOF becomes an unterminated revision")
    func bodyOnlyAppend() throws {
        var builder = PDFFixtureBuilder.onePage()
        let appendedAt = builder.bytes.count
        builder.append("4 0 obj\n<< /Length 3 >>\nstream\nabc\nendstream\nendobj\n")
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.revisions.count == 2)
        let tail = try #require(structure.revisions.last)
        #expect(tail.eofOffset == nil)
        #expect(tail.span == appendedAt..<builder.bytes.count)
        #expect(tail.objectRefs == [ObjectRef(number: 4, generation: 0)])
        #expect(tail.xrefKind == .missing)
        #expect(structure.trailingBytes == builder.bytes.count - appendedAt)
        #expect(structure.eofOffsets.count == 1)
    }

    @Test("a file cut before %%EOF has one unterminated revision and no EOF offsets")
    func truncated() throws {
        let bytes = Array(PDFFixtureBuilder.onePage().bytes.prefix(300))
        let structure = try PDFStructureScanner.scan(bytes)
        #expect(structure.eofOffsets.isEmpty)
        #expect(structure.revisions.count == 1)
        #expect(structure.revisions.first?.eofOffset == nil)
        #expect(structure.trailingBytes == 0)
    }

    @Test("objects with a generation above 0 are listed once each")
    func nonZeroGeneration() throws {
        var builder = PDFFixtureBuilder.onePage()
        builder.object(7, generation: 2, "<< /Producer (reused) >>")
        builder.object(7, generation: 2, "<< /Producer (reused again) >>")
        builder.object(8, "<< >>")
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.objectsWithNonZeroGeneration == [ObjectRef(number: 7, generation: 2)])
        #expect(structure.revisions[1].objectRefs.contains(ObjectRef(number: 7, generation: 2)))
        #expect(structure.revisions[1].xrefEntries.contains { $0.objectNumber == 7 && $0.generation == 2 })
    }

    @Test("/Encrypt in a trailer marks the file encrypted")
    func encrypted() throws {
        var builder = PDFFixtureBuilder()
        builder.writeOnePageObjects(content: "q Q")
        builder.object(9, "<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -44 >>")
        builder.finishRevision(trailer: "/Encrypt 9 0 R")
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.isEncrypted)
        #expect(structure.revisions.first?.trailer?.hasEncrypt == true)
    }

    @Test("a header after leading junk is found within 1024 bytes; later is not a PDF")
    func headerOffset() throws {
        let junk = Array(repeating: UInt8(ascii: "x"), count: 100) + [0x0A]
        var builder = PDFFixtureBuilder(prefix: junk)
        builder.writeOnePageObjects(content: "q Q")
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.headerOffset == 101)
        #expect(structure.prevChainBroken == false)

        let late = Array(repeating: UInt8(ascii: " "), count: 1024) + PDFFixtureBuilder.onePage().bytes
        #expect(throws: PDFStructureError.notPDF) { try PDFStructureScanner.scan(late) }
        #expect(throws: PDFStructureError.notPDF) { try PDFStructureScanner.scan([]) }
        #expect(throws: PDFStructureError.notPDF) { try PDFStructureScanner.scan(Array("hello".utf8)) }
    }

    @Test("a /Length that does not land on endstream falls back to searching, and the next object is still read")
    func wrongLength() throws {
        var builder = PDFFixtureBuilder()
        builder.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
        builder.append("4 0 obj\n<< /Length 9999 >>\nstream\nBT (endobj inside) Tj ET\nendstream\nendobj\n")
        builder.append("6 0 obj\n<< /Length 5 0 R >>\nstream\nq Q\nendstream\nendobj\n")
        builder.object(2, "<< /Type /Pages /Kids [] /Count 0 >>")
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.revisions.first?.objectRefs.map(\.number) == [1, 4, 6, 2])
        let streams = structure.streams
        #expect(streams.count == 2)
        #expect(streams.allSatisfy { !$0.lengthMatched && $0.terminated })
        let first = try #require(streams.first)
        #expect(Array(builder.bytes[first.dataSpan]) == Array("BT (endobj inside) Tj ET".utf8))
        #expect(first.declaredLength == 9999)
        #expect(streams[1].declaredLength == nil)
    }

    @Test("stream data is skipped: keywords inside it are not structure")
    func keywordsInsideStreams() throws {
        var builder = PDFFixtureBuilder()
        builder.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
        builder.stream(3, data: Array("%%EOF\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Encrypt 1 0 R >>\nstartxref\n5\n9 0 obj".utf8))
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.eofOffsets.count == 1)
        #expect(structure.xrefOffsets.count == 1)
        #expect(structure.startxrefValues.count == 1)
        #expect(!structure.isEncrypted)
        #expect(structure.objectCount == 2)
    }

    @Test("linearized: /L equal to the file length, then different after an appended update")
    func linearized() throws {
        var builder = PDFFixtureBuilder()
        builder.object(7, "<< /Linearized 1 /L 0000000000 /H [0 0] /O 3 /E 0 /N 1 /T 0 >>")
        builder.writeOnePageObjects(content: "q Q")
        builder.finishRevision()
        var bytes = builder.bytes
        let patchAt = try #require(bytes.offset(of: "/L 0000000000"))
        let length = String(bytes.count)
        bytes.replaceSubrange((patchAt + 3)..<(patchAt + 13), with: Array((String(repeating: "0", count: 10 - length.count) + length).utf8))

        let structure = try PDFStructureScanner.scan(bytes)
        let info = try #require(structure.linearized)
        #expect(info.objectNumber == 7)
        #expect(info.declaredLength == bytes.count)
        #expect(info.matchesFileLength)

        let updated = bytes + Array("8 0 obj\n<< /Producer (x) >>\nendobj\n".utf8)
        let after = try PDFStructureScanner.scan(updated)
        #expect(after.linearized?.matchesFileLength == false)
        #expect(after.linearized?.declaredLength == bytes.count)
    }

    @Test("xref streams: kind, /Prev chain, trailer keys and decoded entries (plain and Flate with no predictor)", arguments: [false, true])
    func xrefStreams(compress: Bool) throws {
        var builder = PDFFixtureBuilder()
        builder.writeOnePageObjects(content: "q Q")
        let first = builder.finishRevisionWithXRefStream(6, trailer: "/ID [<AA> <BB>]", compress: compress)
        builder.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>")
        let second = builder.finishRevisionWithXRefStream(7, compress: compress)
        let structure = try PDFStructureScanner.scan(builder.bytes)

        #expect(structure.revisions.map(\.xrefKind) == [.stream, .stream])
        #expect(structure.revisions.allSatisfy { $0.startxrefPointsToXRef })
        #expect(structure.prevChain == [second, first])
        #expect(!structure.prevChainBroken)
        #expect(structure.xrefOffsets == [first, second])
        let trailer = try #require(structure.revisions[0].trailer)
        #expect(trailer.root == ObjectRef(number: 1, generation: 0))
        #expect(trailer.ids == ["aa", "bb"])
        #expect(structure.revisions[1].prev == first)
        #expect(
            structure.revisions[1].xrefEntries == [
                XRefEntry(objectNumber: 3, generation: 0, target: .inUse(offset: builder.offsets[3] ?? -1)),
                XRefEntry(objectNumber: 7, generation: 0, target: .inUse(offset: second)),
            ])
        #expect(structure.revisions[0].xrefEntries.count == 7)
        #expect(structure.revisions[0].objects.last?.kinds.contains(.xrefStream) == true)
    }

    @Test("xref stream with the PNG Up predictor decodes")
    func xrefStreamPredictor() throws {
        // Two rows of /W [1 2 1]: (1, 0x0010, 0) and (1, 0x0020, 0), PNG Up-filtered.
        let raw: [UInt8] = [2, 1, 0x00, 0x10, 0, 2, 0, 0x00, 0x10, 0]
        let data = PDFFixtureBuilder.deflate(raw)
        var builder = PDFFixtureBuilder()
        builder.append(
            "5 0 obj\n<< /Type /XRef /Size 2 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >> /Length \(data.count) >>\nstream\n"
        )
        builder.append(data)
        builder.append("\nendstream\nendobj\nstartxref\n\(PDFFixtureBuilder().bytes.count)\n%%EOF\n")
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(
            structure.revisions.first?.xrefEntries == [
                XRefEntry(objectNumber: 0, generation: 0, target: .inUse(offset: 0x10)),
                XRefEntry(objectNumber: 1, generation: 0, target: .inUse(offset: 0x20)),
            ])
        #expect(structure.streams.first?.decodeStatus == .decoded)
    }

    @Test("object streams: members are listed with their kinds and container")
    func objectStreams() throws {
        let page = "<< /Type /Page /Parent 2 0 R >>"
        let members = page + " << /Producer (Zed) >>"
        let header = "10 0 11 \(page.utf8.count + 1) "
        let data = Array((header + members).utf8)
        var builder = PDFFixtureBuilder()
        builder.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
        builder.stream(9, dictionary: "/Type /ObjStm /N 2 /First \(header.utf8.count) /Filter /FlateDecode", data: PDFFixtureBuilder.deflate(data))
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.objectStreamMemberCount == 2)
        let objects = try #require(structure.revisions.first).objects
        let packed = objects.filter { $0.objectStreamNumber == 9 }
        #expect(packed.map(\.ref.number) == [10, 11])
        #expect(packed.map(\.kinds) == [.page, .info])
        #expect(objects.first { $0.ref.number == 9 }?.kinds == [.stream, .objectStream])
    }

    @Test("an unparseable object is counted and does not hide the objects after it")
    func unparseableObject() throws {
        var builder = PDFFixtureBuilder()
        builder.object(1, "<< /Type /Catalog /Pages 2 0 R /Broken (unterminated >>")
        builder.object(2, "<< /Type /Pages /Kids [] /Count 0 >>")
        builder.object(3, "<< /Key ] >>")
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.objectCount == 3)
        #expect(structure.unparseableObjectCount == 2)
        let kinds = try #require(structure.revisions.first).objects.map(\.kinds)
        #expect(kinds == [.unparseable, .pages, .unparseable])
        #expect(structure.revisions.first?.trailer != nil)
    }
}
