import DocPDF
import Testing

/// Signature dictionaries and `TouchUp_TextEdit` markers found by the structure scanner.
@Suite("PDF structure scanner: signatures and edit markers")
struct StructureSignatureTests {
    /// A one-page file with a signature dictionary in object 6 whose /ByteRange is filled
    /// in to cover everything but the /Contents hex string, as a signer writes it.
    static func signed(contentsHex: String = "3082010a" + String(repeating: "0", count: 56)) throws -> (bytes: [UInt8], builder: PDFFixtureBuilder) {
        var builder = PDFFixtureBuilder()
        builder.writeOnePageObjects(content: "q Q")
        builder.object(
            6,
            "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0000000000 0000000000 0000000000] /Contents <\(contentsHex)> /M (D:20240102030405+08'00') /Name (Bank \\(CN\\) \\101) /Reason (Statement\\nissued) >>"
        )
        builder.finishRevision()
        var bytes = builder.bytes
        let lt = try #require(bytes.offset(of: "/Contents <")) + "/Contents ".utf8.count
        let gt = try #require(bytes.offset(of: ">", from: lt))
        let range = [0, lt, gt + 1, bytes.count - (gt + 1)]
        let text = range.dropFirst().map { String(repeating: "0", count: 10 - String($0).count) + String($0) }.joined(separator: " ")
        let patchAt = try #require(bytes.offset(of: "[0 0000000000")) + 3
        bytes.replaceSubrange(patchAt..<(patchAt + 32), with: Array(text.utf8))
        return (bytes, builder)
    }

    /// A one-page file whose incremental update, holding a signature dictionary, starts
    /// right after the first `%%EOF` with `glue` between them and `header` as its first object.
    static func updateAfterEOF(glue: String, header: String) -> [UInt8] {
        var builder = PDFFixtureBuilder()
        builder.writeOnePageObjects(content: "q Q")
        builder.finishRevision(eol: "")
        builder.append(
            glue + header + "\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 10 20 30] /Contents <3080> >>\nendobj\n")
        builder.finishRevision()
        return builder.bytes
    }

    @Test("a later revision that rewrites a signature's object unchanged holds a copy; a changed /Reason or /Contents, or another object, does not")
    func dictionaryCopies() throws {
        func signature(reason: String = "Issued", contents: String = "3080", separator: String = " ") -> String {
            [
                "/Type /Sig", "/SubFilter /adbe.pkcs7.detached", "/ByteRange [0 10 20 30]", "/Contents <\(contents)>",
                "/M (D:20240102030405Z)", "/Reason (\(reason))",
            ].joined(separator: separator)
        }
        var builder = PDFFixtureBuilder()
        builder.writeOnePageObjects(content: "q Q")
        builder.object(6, "<< \(signature()) >>")
        builder.finishRevision()
        // Rewritten with other white space: still the same fields, a copy.
        builder.object(6, "<<\n\(signature(separator: "\n"))\n>>")
        builder.object(7, "<< \(signature()) >>")
        builder.finishRevision()
        builder.object(6, "<< \(signature(reason: "Forged")) >>")
        builder.object(8, "<< /Perms << /UR3 << \(signature(contents: "3081")) >> >> >>")
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        let rows = zip(structure.signatures, structure.signatureOriginals).map { ($0.objectNumber, $0.revisionIndex, $1) }
        #expect(rows.count == 5)
        #expect(rows.map(\.0) == [6, 6, 7, 6, 8])
        // Only the unchanged rewrite of object 6 is a copy (of entry 0); object 7 is another
        // dictionary, the /Reason rewrite is the spoofing DSS's test file shows.
        #expect(rows.map(\.2) == [nil, 0, nil, nil, nil])
    }

    @Test("/Cert of an adbe.x509.rsa_sha1 signature is read as one string or an array of strings; absent, it is empty")
    func certificates() throws {
        var builder = PDFFixtureBuilder()
        builder.writeOnePageObjects(content: "q Q")
        builder.object(6, "<< /Type /Sig /SubFilter /adbe.x509.rsa_sha1 /ByteRange [0 10 20 30] /Contents <0401ff> /Cert <30820102> >>")
        builder.object(7, "<< /Type /Sig /SubFilter /adbe.x509.rsa_sha1 /ByteRange [0 10 20 30] /Contents <0401ff> /Cert [<3001> (ab) 5] >>")
        builder.object(8, "<< /Type /Sig /SubFilter /adbe.pkcs7.detached /ByteRange [0 10 20 30] /Contents <3080> >>")
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        let byObject = Dictionary(uniqueKeysWithValues: structure.signatures.map { ($0.objectNumber, $0.certificates) })
        #expect(byObject[6] == [[0x30, 0x82, 0x01, 0x02]])
        #expect(byObject[7] == [[0x30, 0x01], [0x61, 0x62]])
        #expect(byObject[8] == [])
    }

    @Test(
        "an object glued to %%EOF on the same line is read, with its signature (issue 10, defect 6)",
        arguments: ["", " ", "\t", "\r\n", "\n"]
    )
    func objectAfterEOFOnSameLine(glue: String) throws {
        let bytes = Self.updateAfterEOF(glue: glue, header: "23 0 obj")
        let structure = try PDFStructureScanner.scan(bytes)
        #expect(structure.revisions.count == 2)
        #expect(structure.eofOffsets.count == 2)
        let signature = try #require(structure.signatures.first)
        #expect(structure.signatures.count == 1)
        #expect(signature.objectNumber == 23)
        #expect(signature.generation == 0)
        #expect(signature.revisionIndex == 1)
        #expect(signature.byteRange == [0, 10, 20, 30])
        #expect(signature.objectSpan.lowerBound == (bytes.offset(of: "23 0 obj") ?? -1))
        #expect(structure.revisions[1].objectRefs == [ObjectRef(number: 23, generation: 0)])
        #expect(structure.revisions[0].span.upperBound <= signature.objectSpan.lowerBound)
    }

    @Test(
        "digits glued to %%EOF are one number, and digits glued to anything else are no object header",
        arguments: [
            ("%%EOF123 0 obj", [ObjectRef(number: 123, generation: 0)]),
            ("%%EOF0023 0 obj", [ObjectRef(number: 23, generation: 0)]),
            ("%%EOFx23 0 obj", []),
            ("%%EOF1.23 0 obj", []),
            ("%%EOF-23 0 obj", []),
            ("%%EOF+23 0 obj", []),
            ("%%EOF 12345678901 0 obj", []),
        ] as [(String, [ObjectRef])]
    )
    func gluedDigits(header: String, expected: [ObjectRef]) throws {
        let bytes = Self.updateAfterEOF(glue: "", header: String(header.dropFirst("%%EOF".count)))
        let structure = try PDFStructureScanner.scan(bytes)
        let appended = structure.revisions.dropFirst().flatMap(\.objectRefs)
        #expect(appended == expected, "\(header)")
        #expect(structure.signatures.map(\.objectNumber) == expected.map(\.number), "\(header)")
        #expect(!structure.revisions.flatMap(\.objectRefs).contains(ObjectRef(number: 23, generation: 0)) || expected.first?.number == 23)
    }

    @Test("signature dictionary: /ByteRange, /Contents span at '<' and '>' exactly, decoded fields")
    func signatureDictionary() throws {
        let (bytes, builder) = try Self.signed()
        let structure = try PDFStructureScanner.scan(bytes)
        let signature = try #require(structure.signatures.first)
        #expect(structure.signatures.count == 1)
        #expect(signature.objectNumber == 6)
        #expect(signature.generation == 0)
        #expect(signature.type == "Sig")
        #expect(signature.filter == "Adobe.PPKLite")
        #expect(signature.subFilter == "ETSI.CAdES.detached")
        #expect(signature.signingTimeRaw == "D:20240102030405+08'00'")
        #expect(signature.name == "Bank (CN) A")
        #expect(signature.reason == "Statement\nissued")
        #expect(signature.revisionIndex == 0)
        #expect(signature.contentsIsHex)
        #expect(signature.contents == [0x30, 0x82, 0x01, 0x0A] + Array(repeating: 0, count: 28))

        let span = try #require(signature.contentsSpan)
        #expect(bytes[span.lowerBound] == UInt8(ascii: "<"))
        #expect(bytes[span.upperBound - 1] == UInt8(ascii: ">"))
        #expect(span.lowerBound == (bytes.offset(of: "/Contents <") ?? -1) + 10)
        let byteRange = try #require(signature.byteRange)
        #expect(byteRange == [0, span.lowerBound, span.upperBound, bytes.count - span.upperBound])
        #expect(signature.byteRangeRaw?.hasPrefix("[0 00000") == true)

        let objectStart = try #require(builder.offsets[6])
        #expect(signature.objectSpan.lowerBound == objectStart)
        #expect(Array(bytes[(signature.objectSpan.upperBound - 6)..<signature.objectSpan.upperBound]) == Array("endobj".utf8))
        let dictionary = try #require(signature.dictionarySpan)
        #expect(bytes[dictionary.lowerBound] == UInt8(ascii: "<") && bytes[dictionary.upperBound - 1] == UInt8(ascii: ">"))
        #expect(structure.revisions.first?.objects.last?.kinds == .signature)
    }

    @Test("a usage-rights signature (/Reference with /TransformMethod /UR3) is flagged, its inline copy too; an author's is not")
    func usageRights() throws {
        var builder = PDFFixtureBuilder()
        builder.writeOnePageObjects(content: "q Q")
        let ur3 =
            "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /Reference [<< /Type /SigRef /TransformMethod /UR3 >>] /ByteRange [0 1 2 3] /Contents <00> >>"
        builder.object(6, ur3)
        builder.object(
            7, "<< /Type /Sig /SubFilter /adbe.pkcs7.detached /Reference [<< /Type /SigRef /TransformMethod /DocMDP >>] /ByteRange [0 1 2 3] /Contents <00> >>")
        builder.object(8, "<< /Type /Catalog /Pages 2 0 R /Perms << /UR3 \(ur3) >> >>")
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        let flags = structure.signatures.map { ($0.objectNumber, $0.isUsageRights) }
        #expect(flags.map(\.0) == [6, 7, 8])
        #expect(flags.map(\.1) == [true, false, true])
    }

    @Test("/Contents hex with white space inside, and an odd final digit")
    func hexWithWhitespace() throws {
        var builder = PDFFixtureBuilder()
        builder.object(1, "<< /ByteRange [0 1 2 3] /Contents <30 82\n01\t0A f> >>")
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.signatures.first?.contents == [0x30, 0x82, 0x01, 0x0A, 0xF0])
        #expect(structure.signatures.first?.type == nil)
    }

    @Test("a /ByteRange that is not an array of integers keeps its raw text")
    func byteRangeNotIntegers() throws {
        var builder = PDFFixtureBuilder()
        builder.object(1, "<< /Type /Sig /ByteRange [0 1.5 /x 3] /Contents <00> >>")
        builder.object(2, "<< /Type /DocTimeStamp /ByteRange null /Contents (lit\\)eral) >>")
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.signatures.count == 2)
        #expect(structure.signatures[0].byteRange == nil)
        #expect(structure.signatures[0].byteRangeRaw == "[0 1.5 /x 3]")
        #expect(structure.signatures[1].byteRange == nil)
        #expect(structure.signatures[1].byteRangeRaw == "null")
        #expect(structure.signatures[1].type == "DocTimeStamp")
        #expect(structure.signatures[1].contents == Array("lit)eral".utf8))
        #expect(structure.signatures[1].contentsIsHex == false)
        let span = try #require(structure.signatures[1].contentsSpan)
        #expect(builder.bytes[span.lowerBound] == UInt8(ascii: "(") && builder.bytes[span.upperBound - 1] == UInt8(ascii: ")"))
    }

    @Test("a signature dictionary nested in a field's /V, and one in a later revision")
    func nestedAndLater() throws {
        var (bytes, _) = try Self.signed()
        bytes += Array(
            "7 0 obj\n<< /FT /Sig /T (Sig2) /V << /Type /Sig /SubFilter /adbe.pkcs7.detached /ByteRange [0 1 2 3] /Contents <00> >> >>\nendobj\n".utf8)
        bytes += Array("xref\n7 1\n0000000000 00000 n \ntrailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n".utf8)
        let structure = try PDFStructureScanner.scan(bytes)
        #expect(structure.signatures.count == 2)
        let nested = try #require(structure.signatures.last)
        #expect(nested.objectNumber == 7)
        #expect(nested.subFilter == "adbe.pkcs7.detached")
        #expect(nested.revisionIndex == 1)
        #expect(nested.dictionarySpan.map { bytes[$0.lowerBound] } == UInt8(ascii: "<"))
    }

    @Test("UTF-16BE text strings decode")
    func utf16Text() throws {
        var builder = PDFFixtureBuilder()
        builder.object(1, "<< /Type /Sig /ByteRange [0 1 2 3] /Contents <00> /Name <FEFF94F6884C> >>")
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.signatures.first?.name == "银行")
    }

    @Test("TouchUp_TextEdit in a Flate content stream and in a raw one")
    func touchUp() throws {
        let edited = "BT /F1 12 Tf 72 720 Td (Balance) Tj ET\n/TouchUp_TextEdit MP\nBT /F1 12 Tf 72 700 Td (9,999.00) Tj ET\n"
        var builder = PDFFixtureBuilder.onePage()
        builder.stream(4, dictionary: "/Filter /FlateDecode", data: PDFFixtureBuilder.deflate(Array(edited.utf8)))
        builder.stream(8, data: Array("/TouchUp_TextEdit BMC (x) Tj EMC /TouchUp_TextEdit MP".utf8))
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.touchUpEdits.count == 2)
        let flate = try #require(structure.touchUpEdits.first)
        #expect(flate.objectNumber == 4)
        #expect(flate.decoded)
        #expect(flate.occurrences == 1)
        #expect(flate.firstOccurrence == (Array(edited.utf8).offset(of: "TouchUp") ?? -1))
        #expect(flate.revisionIndex == 1)
        #expect(flate.objectOffset == builder.offsets[4])
        let raw = try #require(structure.touchUpEdits.last)
        #expect(raw.objectNumber == 8)
        #expect(!raw.decoded)
        #expect(raw.occurrences == 2)
        let flateStream = try #require(structure.streams.first { $0.objectNumber == 4 && $0.revisionIndex == 1 })
        #expect(flateStream.decodeStatus == .decoded)
        #expect(flateStream.decodedLength == edited.utf8.count)
        #expect(flateStream.filters == ["FlateDecode"])
    }

    @Test("TouchUp_TextEdit behind filter chains: [/ASCII85Decode /FlateDecode] (ReportLab) and /ASCIIHexDecode")
    func touchUpFilterChains() throws {
        let content = Array("BT (Opening balance) Tj ET\n\0\0\0\0/TouchUp_TextEdit MP BT (1,000.00) Tj ET".utf8)
        let hex = content.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined(separator: " ")
        var builder = PDFFixtureBuilder()
        builder.stream(4, dictionary: "/Filter [/ASCII85Decode /FlateDecode]", data: PDFFixtureBuilder.ascii85(PDFFixtureBuilder.deflate(content)))
        builder.stream(5, dictionary: "/Filter /ASCII85Decode", data: PDFFixtureBuilder.ascii85(content))
        builder.stream(6, dictionary: "/Filter /AHx", data: Array((hex + ">").utf8))
        builder.stream(7, dictionary: "/Filter [/ASCII85Decode /LZWDecode]", data: PDFFixtureBuilder.ascii85(content))
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        let expectedOffset = try #require(content.offset(of: "TouchUp"))
        #expect(structure.touchUpEdits.map(\.objectNumber) == [4, 5, 6])
        #expect(structure.touchUpEdits.allSatisfy { $0.firstOccurrence == expectedOffset && $0.decoded })
        #expect(structure.streams.map(\.decodeStatus) == [.decoded, .decoded, .decoded, .notDecoded])
        #expect(structure.streams.prefix(3).allSatisfy { $0.decodedLength == content.count })
    }

    @Test("TouchUp_TextEdit split across inflate chunks is still found once")
    func touchUpAcrossChunks() throws {
        // The inflater hands out 64 KiB chunks: put the tag across the first boundary.
        let content = Array(repeating: UInt8(ascii: " "), count: 65_536 - 8) + Array("/TouchUp_TextEdit MP".utf8)
        var builder = PDFFixtureBuilder()
        builder.stream(4, dictionary: "/Filter /FlateDecode", data: PDFFixtureBuilder.deflate(content))
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.touchUpEdits.first?.occurrences == 1)
        #expect(structure.touchUpEdits.first?.firstOccurrence == 65_536 - 7)
    }

    @Test("images and font programs are not searched for TouchUp_TextEdit")
    func touchUpSkipsImages() throws {
        var builder = PDFFixtureBuilder()
        builder.stream(4, dictionary: "/Type /XObject /Subtype /Image /Width 1 /Height 1", data: Array("TouchUp_TextEdit".utf8))
        builder.stream(5, dictionary: "/Length1 16", data: Array("TouchUp_TextEdit".utf8))
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.touchUpEdits.isEmpty)
        #expect(structure.streams.map(\.decodeStatus) == [.notDecoded, .notDecoded])
        #expect(structure.streams.map(\.kinds) == [[.stream, .image], [.stream, .fontFile]])
    }

    @Test("corrupt Flate data is recorded, not thrown")
    func corruptFlate() throws {
        var builder = PDFFixtureBuilder()
        builder.stream(4, dictionary: "/Filter /FlateDecode", data: [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0x00])
        let good = PDFFixtureBuilder.deflate(Array("q Q /TouchUp_TextEdit MP".utf8))
        builder.stream(5, dictionary: "/Filter /FlateDecode", data: Array(good.dropLast(6)))
        builder.finishRevision()
        let structure = try PDFStructureScanner.scan(builder.bytes)
        #expect(structure.streams.map(\.decodeStatus) == [.corrupt, .truncated])
    }
}
