import DocPDF
import Foundation
import PDFTestSupport
import Testing

/// Mutated and adversarial PDFs: the scanner returns or throws, never crashes, and stays
/// fast. The seed is printed; set `DOCPDF_FUZZ_SEED` to replay a run.
@Suite("PDF structure scanner: fuzzing")
struct StructureFuzzTests {
    /// Valid files to mutate: plain, incremental with Flate, signed, xref and object streams.
    static func bases() throws -> [[UInt8]] {
        var incremental = PDFFixtureBuilder.onePage()
        incremental.stream(4, dictionary: "/Filter /FlateDecode", data: PDFFixtureBuilder.deflate(Array("BT /TouchUp_TextEdit MP (x) Tj ET".utf8)))
        incremental.object(6, generation: 1, "<< /Producer (Editor) /ID [<00> <01>] >>")
        incremental.finishRevision()

        var streams = PDFFixtureBuilder()
        streams.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
        let page = "<< /Type /Page /Parent 2 0 R >>"
        let header = "2 0 3 \(page.utf8.count + 1)\n"
        streams.stream(
            9, dictionary: "/Type /ObjStm /N 2 /First \(header.utf8.count) /Filter /FlateDecode",
            data: PDFFixtureBuilder.deflate(Array((header + page + " << /ByteRange [0 1 2 3] /Contents <00> >>").utf8))
        )
        streams.finishRevisionWithXRefStream(10, compress: true)
        streams.object(11, "<< /Linearized 1 /L 5 >>")
        streams.finishRevisionWithXRefStream(12)

        return [PDFFixtureBuilder.onePage().bytes, incremental.bytes, try StructureSignatureTests.signed().bytes, streams.bytes]
    }

    static let insertions: [String] = [
        "%%EOF", "%%EOF\n", "obj", " 1 0 obj ", "7 3 obj\n", "endobj", "<<", ">>", "(", ")", "<", ">", "\\", "%", "stream\n",
        "endstream", "xref\n0 3\n", "trailer", "trailer\n<< /Prev 0 >>", "startxref\n", "startxref\n0\n%%EOF\n", "/Prev 0",
        " R ", "/Length 99999999999999999999", "/Filter /FlateDecode", "/Type /XRef /W [8 8 8]", "/Type /ObjStm /N 999999 /First 0",
        "/ByteRange [0 -1 99999999999999999999 3] /Contents <", "#", "/#4", "99999999999999999999999999",
    ]

    /// One random mutation of `bytes`.
    static func mutate(_ bytes: inout [UInt8], _ rng: inout SplitMix64) {
        let count = bytes.count
        let position = count == 0 ? 0 : Int.random(in: 0...count, using: &rng)
        switch Int.random(in: 0..<8, using: &rng) {
        case 0:  // flip bytes
            guard count > 0 else { return }
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                bytes[Int.random(in: 0..<count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            }
        case 1:  // truncate
            bytes.removeSubrange(position...)
        case 2:  // insert a PDF token
            bytes.insert(contentsOf: Array(insertions.randomElement(using: &rng)!.utf8), at: position)
        case 3:  // insert a run of an opener
            let opener = ["[", "<<", "(", "{", "<"].randomElement(using: &rng)!
            bytes.insert(contentsOf: Array(String(repeating: opener, count: Int.random(in: 1...600, using: &rng)).utf8), at: position)
        case 4:  // duplicate a slice somewhere else
            guard count > 1 else { return }
            let start = Int.random(in: 0..<count, using: &rng)
            let end = min(count, start + Int.random(in: 1...2000, using: &rng))
            let slice = Array(bytes[start..<end])
            bytes.insert(contentsOf: slice, at: Int.random(in: 0...count, using: &rng))
        case 5:  // delete a slice
            guard count > 1 else { return }
            let start = Int.random(in: 0..<count, using: &rng)
            bytes.removeSubrange(start..<min(count, start + Int.random(in: 1...200, using: &rng)))
        case 6:  // overwrite with random bytes
            guard count > 0 else { return }
            let start = Int.random(in: 0..<count, using: &rng)
            for index in start..<min(count, start + Int.random(in: 1...64, using: &rng)) {
                bytes[index] = UInt8.random(in: 0...255, using: &rng)
            }
        default:  // change a digit
            guard count > 0 else { return }
            let index = Int.random(in: 0..<count, using: &rng)
            if (0x30...0x39).contains(bytes[index]) { bytes[index] = UInt8.random(in: 0x30...0x39, using: &rng) }
        }
    }

    /// Properties every successful scan must have, whatever the input.
    static func checkInvariants(_ structure: PDFStructure, _ bytes: [UInt8]) {
        var previousEnd = 0
        for revision in structure.revisions {
            #expect(revision.span.lowerBound == previousEnd)
            #expect(revision.span.upperBound <= bytes.count)
            previousEnd = revision.span.upperBound
        }
        #expect(structure.eofOffsets == structure.eofOffsets.sorted())
        #expect(Set(structure.prevChain).count == structure.prevChain.count)
        #expect(structure.trailingBytes >= structure.trailingNonWhitespaceBytes)
        for signature in structure.signatures {
            #expect(signature.revisionIndex < max(1, structure.revisions.count))
            if let span = signature.contentsSpan {
                #expect(span.upperBound <= bytes.count && span.count >= 2)
                #expect(bytes[span.lowerBound] == UInt8(ascii: "<") || bytes[span.lowerBound] == UInt8(ascii: "("))
                #expect(bytes[span.upperBound - 1] == UInt8(ascii: ">") || bytes[span.upperBound - 1] == UInt8(ascii: ")"))
            }
        }
        for stream in structure.streams {
            #expect(stream.dataSpan.lowerBound >= 0 && stream.dataSpan.upperBound <= bytes.count)
        }
    }

    @Test("10,000 random mutations of valid PDFs: each returns or throws, each in under a second", .timeLimit(.minutes(3)))
    func mutations() throws {
        let seed = ProcessInfo.processInfo.environment["DOCPDF_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_D0C5_2026
        print("StructureFuzzTests seed: \(seed) (set DOCPDF_FUZZ_SEED to replay)")
        var rng = SplitMix64(seed: seed)
        let bases = try Self.bases()
        let clock = ContinuousClock()
        var slowest = Duration.zero
        var outcomes: [String: Int] = [:]
        let total = clock.measure {
            for iteration in 0..<10_000 {
                var bytes = bases[iteration % bases.count]
                for _ in 0..<Int.random(in: 1...4, using: &rng) { Self.mutate(&bytes, &rng) }
                let start = clock.now
                do throws(PDFStructureError) {
                    let structure = try PDFStructureScanner.scan(bytes)
                    Self.checkInvariants(structure, bytes)
                    outcomes["scanned", default: 0] += 1
                } catch {
                    outcomes[error.code, default: 0] += 1
                }
                let elapsed = clock.now - start
                slowest = max(slowest, elapsed)
                #expect(elapsed < .seconds(1), "iteration \(iteration) took \(elapsed) (seed \(seed))")
            }
        }
        print("StructureFuzzTests: \(outcomes.sorted { $0.key < $1.key }), slowest \(slowest), total \(total)")
        #expect(total < .seconds(60))
        // The mutations must mostly leave something scannable, or the test proves little.
        #expect(outcomes["scanned", default: 0] > 5_000)
    }

    /// Units that, repeated, make a careless scanner quadratic or recursive.
    static let adversarial: [(name: String, unit: String)] = [
        ("unterminated strings in objects", "1 0 obj ("),
        ("unterminated dictionaries", "1 0 obj <<"),
        ("streams without endstream", "1 0 obj << >> stream\n"),
        ("streams with a bad /Length", "1 0 obj << /Length 99 >> stream\nx\n"),
        ("xref headers", "xref\n0 99999999\n"),
        ("trailers with open strings", "trailer ("),
        ("obj keywords", "obj "),
        ("headers only", "1 0 obj "),
        ("endobj then obj", "1 0 obj\nendobj\n"),
        ("references", "1 0 obj [" + String(repeating: "1 0 R ", count: 1000) + "]\n"),
        ("hex strings", "1 0 obj <" + String(repeating: "0", count: 5000)),
        ("comments", "% comment obj xref\n"),
        ("startxref values", "startxref\n9\n"),
        ("one long literal string", "a"),
    ]

    /// `unit` repeated to about `size` bytes after a header (the long-string case opens one string).
    static func adversarialInput(_ index: Int, size: Int) -> [UInt8] {
        let (name, unit) = adversarial[index]
        let prefix = name == "one long literal string" ? "%PDF-1.7\n1 0 obj (" : "%PDF-1.7\n"
        return Array(prefix.utf8) + Array(String(repeating: unit, count: max(1, size / unit.utf8.count)).utf8)
    }

    @Test(
        "adversarial inputs stay linear: four times the bytes cost well under ten times the time",
        .serialized, arguments: 0..<Self.adversarial.count
    )
    func adversarialInput(index: Int) {
        let clock = ContinuousClock()
        func time(_ bytes: [UInt8]) -> (Duration, String) {
            var outcome = "scanned"
            let elapsed = clock.measure {
                do throws(PDFStructureError) { _ = try PDFStructureScanner.scan(bytes) } catch { outcome = error.description }
            }
            return (elapsed, outcome)
        }
        let small = Self.adversarialInput(index, size: 600_000)
        let large = Self.adversarialInput(index, size: 2_400_000)
        let (smallTime, _) = time(small)
        let (largeTime, outcome) = time(large)
        print("adversarial '\(Self.adversarial[index].name)': \(small.count) bytes in \(smallTime), \(large.count) bytes in \(largeTime) (\(outcome))")
        // Linear: about 4×. Quadratic: about 16×. The constant absorbs timer noise on fast cases.
        #expect(largeTime < smallTime * 10 + .milliseconds(250), "\(Self.adversarial[index].name) grows faster than linearly")
        #expect(largeTime < .seconds(10))
    }
}
