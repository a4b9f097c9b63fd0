import DocPDF
import Testing

@Suite("Flate inflater")
struct FlateInflaterTests {
    @Test("round trip of zlib-compressed data")
    func roundTrip() throws {
        let original = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 7) }
        let inflated = try FlateInflater().inflate(PDFFixtureBuilder.deflate(original))
        #expect(inflated == original)
    }

    @Test("exactly at the limit is allowed; one byte over throws limitExceeded")
    func limit() throws {
        let data = PDFFixtureBuilder.deflate([UInt8](repeating: 7, count: 1000))
        #expect(try FlateInflater(maxOutputBytes: 1000).inflate(data).count == 1000)
        #expect(throws: PDFStructureError.self) { try FlateInflater(maxOutputBytes: 999).inflate(data) }
        do throws(PDFStructureError) {
            _ = try FlateInflater(maxOutputBytes: 999).inflate(data)
        } catch {
            guard case .limitExceeded = error else {
                Issue.record("expected limitExceeded, got \(error)")
                return
            }
        }
    }

    @Test(
        "bad and truncated data throw invalidFlateData",
        arguments: [
            [UInt8](), [0x00, 0x01, 0x02], [0x78, 0x9C, 0xFF, 0xFF], Array(PDFFixtureBuilder.deflate(Array("hello hello".utf8)).dropLast(3)),
        ])
    func badData(_ input: [UInt8]) {
        do throws(PDFStructureError) {
            _ = try FlateInflater().inflate(input)
            Issue.record("expected an error")
        } catch {
            guard case .invalidFlateData = error else {
                Issue.record("expected invalidFlateData, got \(error)")
                return
            }
        }
    }
}
