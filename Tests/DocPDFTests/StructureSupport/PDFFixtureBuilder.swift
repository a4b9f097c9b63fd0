import CZlib
import DocPDF

/// Writes small PDFs byte by byte for the structure-scanner tests, with xref tables
/// whose offsets are right, so every test knows exactly where each byte is.
struct PDFFixtureBuilder {
    private(set) var bytes: [UInt8]
    /// Offset of each object's `N G obj` header, by object number (latest definition).
    private(set) var offsets: [Int: Int] = [:]
    /// Objects written since the last xref section.
    private var pendingObjects: [(number: Int, generation: Int)] = []
    /// Offset of the last xref section written.
    private(set) var lastXRef: Int?

    init(version: String = "1.7", prefix: [UInt8] = []) {
        bytes = prefix + Array("%PDF-\(version)\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
    }

    /// Appends raw text.
    mutating func append(_ text: String) { bytes += Array(text.utf8) }
    /// Appends raw bytes.
    mutating func append(_ raw: [UInt8]) { bytes += raw }

    /// Writes `N G obj body endobj` and returns the header's offset.
    @discardableResult
    mutating func object(_ number: Int, generation: Int = 0, _ body: String) -> Int {
        let offset = bytes.count
        offsets[number] = offset
        pendingObjects.append((number, generation))
        append("\(number) \(generation) obj\n\(body)\nendobj\n")
        return offset
    }

    /// Writes a stream object with a correct `/Length`; `dictionary` holds the other keys.
    @discardableResult
    mutating func stream(_ number: Int, generation: Int = 0, dictionary: String = "", data: [UInt8]) -> Int {
        let offset = bytes.count
        offsets[number] = offset
        pendingObjects.append((number, generation))
        append("\(number) \(generation) obj\n<< /Length \(data.count) \(dictionary) >>\nstream\n")
        append(data)
        append("\nendstream\nendobj\n")
        return offset
    }

    /// Writes an xref table for the objects written since the last one (plus object 0
    /// in the first section), a trailer, `startxref` and `%%EOF`. Returns the table's offset.
    @discardableResult
    mutating func finishRevision(trailer extra: String = "", root: String = "1 0 R", prev: Int? = nil, eol: String = "\n") -> Int {
        let xref = bytes.count
        var entries: [(number: Int, generation: Int, line: String)] = pendingObjects.map { object in
            (object.number, object.generation, Self.entry(offsets[object.number] ?? 0, object.generation, "n"))
        }
        if lastXRef == nil { entries.append((0, 65535, Self.entry(0, 65535, "f"))) }
        entries.sort { $0.number < $1.number }
        var table = "xref\n"
        var index = 0
        while index < entries.count {
            var end = index + 1
            while end < entries.count, entries[end].number == entries[end - 1].number + 1 { end += 1 }
            table += "\(entries[index].number) \(end - index)\n"
            for entry in entries[index..<end] { table += entry.line }
            index = end
        }
        let size = (offsets.keys.max() ?? 0) + 1
        let prevEntry = (prev ?? lastXRef).map { " /Prev \($0)" } ?? ""
        table += "trailer\n<< /Size \(size) /Root \(root)\(prevEntry) \(extra) >>\nstartxref\n\(xref)\n%%EOF\(eol)"
        append(table)
        pendingObjects = []
        lastXRef = xref
        return xref
    }

    /// Writes an xref *stream* (uncompressed, `/W [1 4 2]`) for the pending objects
    /// as object `number`, then `startxref` and `%%EOF`. Returns the stream object's offset.
    @discardableResult
    mutating func finishRevisionWithXRefStream(_ number: Int, trailer extra: String = "", compress: Bool = false) -> Int {
        let offset = bytes.count
        offsets[number] = offset
        var rows: [(Int, [UInt8])] = pendingObjects.map { object in
            (object.number, [1] + Self.bigEndian(offsets[object.number] ?? 0, 4) + Self.bigEndian(object.generation, 2))
        }
        rows.append((number, [1] + Self.bigEndian(offset, 4) + [0, 0]))
        if lastXRef == nil { rows.append((0, [0, 0, 0, 0, 0, 0xFF, 0xFF])) }
        rows.sort { $0.0 < $1.0 }
        var index: [Int] = []
        var data: [UInt8] = []
        var position = 0
        while position < rows.count {
            var end = position + 1
            while end < rows.count, rows[end].0 == rows[end - 1].0 + 1 { end += 1 }
            index += [rows[position].0, end - position]
            for row in rows[position..<end] { data += row.1 }
            position = end
        }
        let size = max((offsets.keys.max() ?? 0) + 1, number + 1)
        let prevEntry = lastXRef.map { " /Prev \($0)" } ?? ""
        let filter = compress ? " /Filter /FlateDecode" : ""
        let payload = compress ? Self.deflate(data) : data
        append(
            "\(number) 0 obj\n<< /Type /XRef /Size \(size) /W [1 4 2] /Index [\(index.map(String.init).joined(separator: " "))] /Root 1 0 R\(prevEntry)\(filter) /Length \(payload.count) \(extra) >>\nstream\n"
        )
        append(payload)
        append("\nendstream\nendobj\nstartxref\n\(offset)\n%%EOF\n")
        pendingObjects = []
        lastXRef = offset
        return offset
    }

    /// A one-page document: catalog 1, pages 2, page 3, content stream 4, font 5.
    static func onePage(content: String = "BT /F1 12 Tf 72 720 Td (Balance 1,234.56) Tj ET", trailer: String = "") -> PDFFixtureBuilder {
        var builder = PDFFixtureBuilder()
        builder.writeOnePageObjects(content: content)
        builder.finishRevision(trailer: trailer)
        return builder
    }

    mutating func writeOnePageObjects(content: String) {
        object(1, "<< /Type /Catalog /Pages 2 0 R >>")
        object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
        stream(4, data: Array(content.utf8))
        object(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    }

    static func entry(_ offset: Int, _ generation: Int, _ kind: String) -> String {
        let offsetText = String(offset)
        let generationText = String(generation)
        return String(repeating: "0", count: max(0, 10 - offsetText.count)) + offsetText + " "
            + String(repeating: "0", count: max(0, 5 - generationText.count)) + generationText + " \(kind) \n"
    }

    static func bigEndian(_ value: Int, _ width: Int) -> [UInt8] {
        (0..<width).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    /// ASCII85 (`/ASCII85Decode`) text of `data`, with `z` for zero groups and the `~>` end marker.
    static func ascii85(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < data.count {
            let chunk = Array(data[index..<min(data.count, index + 4)])
            let value = (chunk + [UInt8](repeating: 0, count: 4 - chunk.count)).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            if value == 0, chunk.count == 4 {
                output.append(UInt8(ascii: "z"))
            } else {
                var digits = [UInt8](repeating: 0, count: 5)
                var rest = value
                for position in (0..<5).reversed() {
                    digits[position] = UInt8(rest % 85) + 0x21
                    rest /= 85
                }
                output += digits.prefix(chunk.count + 1)
            }
            index += 4
            if index % 64 == 0 { output.append(0x0A) }
        }
        return output + Array("~>".utf8)
    }

    /// zlib's `compress2` at the best level.
    static func deflate(_ data: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(data.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &length, input.baseAddress, uLong(data.count), Z_BEST_COMPRESSION)
            }
        }
        precondition(status == Z_OK, "compress2 failed: \(status)")
        return Array(output.prefix(Int(length)))
    }
}

extension Array where Element == UInt8 {
    /// The offset of the first occurrence of `text`, for tests that check offsets.
    func offset(of text: String, from start: Int = 0) -> Int? {
        let needle = Array(text.utf8)
        guard !needle.isEmpty, count >= needle.count, start <= count - needle.count else { return nil }
        for index in start...(count - needle.count) where self[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
