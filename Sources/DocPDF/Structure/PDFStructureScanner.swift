/// Reads a PDF's structure from its raw bytes: revisions, xref sections and the
/// `/Prev` chain, signature dictionaries, and traces of editing.
///
/// The scan is one forward pass over the file. Between objects it looks for `%%EOF`,
/// `N G obj`, `xref`, `trailer` and `startxref`; each object's value is parsed by a
/// small non-recursive tokenizer bounded by the next `endobj`; stream data is skipped
/// by a `/Length` that lands on `endstream`, or else by searching forward for
/// `endstream`. Every search remembers where it stopped, so no byte is searched twice
/// for the same keyword and the time stays linear in the file size.
///
/// Damaged input is reported, not thrown (see ``PDFStructureError``).
public enum PDFStructureScanner {
    /// Scans `bytes` under `limits`.
    ///
    /// - Throws: ``PDFStructureError/notPDF`` without a `%PDF-` header in the first 1024
    ///   bytes; ``PDFStructureError/limitExceeded(_:)`` when a limit is hit.
    public static func scan(
        _ bytes: [UInt8], limits: PDFStructureLimits = .default
    ) throws(PDFStructureError) -> PDFStructure {
        guard bytes.count <= limits.maxInputBytes else {
            throw .limitExceeded("input of \(bytes.count) bytes is larger than \(limits.maxInputBytes) (maxInputBytes)")
        }
        var scan = try StructureScan(bytes: bytes, limits: limits)
        try scan.run()
        return try scan.finish()
    }
}

/// The state of one scan. Its handlers live in extensions, one concern per file:
/// objects (`Objects.swift`), streams (`Streams.swift`), xref sections and trailers
/// (`XRef.swift`), revisions and the `/Prev` chain (`Revisions.swift`), signature
/// dictionaries (`Signatures.swift`), object streams (`ObjectStreams.swift`).
struct StructureScan {
    let bytes: [UInt8]
    let limits: PDFStructureLimits
    var result = PDFStructure()

    /// Searches that only move forward (see ``ForwardFinder``).
    var endobjFinder = ForwardFinder(Keyword.endobj)
    var endstreamFinder = ForwardFinder(Keyword.endstream)
    var startxrefFinder = ForwardFinder(Keyword.startxref)

    /// Bytes inflated so far, against ``PDFStructureLimits/maxInflatedBytes``.
    var inflatedTotal = 0
    /// Xref entries read so far, against ``PDFStructureLimits/maxXRefEntries``.
    var xrefEntryCount = 0
    /// The revision being read (closed at the next `%%EOF`).
    var current = RevisionBuilder(start: 0)
    /// Xref sections by the offset a `startxref` or `/Prev` should name.
    var sections: [Int: XRefSection] = [:]
    var seenNonZeroGeneration: Set<ObjectRef> = []

    /// Finds the header or throws ``PDFStructureError/notPDF``.
    init(bytes: [UInt8], limits: PDFStructureLimits) throws(PDFStructureError) {
        self.bytes = bytes
        self.limits = limits
        let headerWindow = min(bytes.count, 1024 + Keyword.pdfHeader.count - 1)
        guard let header = PDFBytes.find(Keyword.pdfHeader, in: bytes, from: 0, to: headerWindow) else {
            throw .notPDF
        }
        var end = header + Keyword.pdfHeader.count
        while end < bytes.count, end - header < 32, PDFBytes.isRegular(bytes[end]) { end += 1 }
        result.headerOffset = header
        result.headerLine = PDFBytes.text(bytes[header..<end])
        result.headerVersion = PDFBytes.text(bytes[(header + Keyword.pdfHeader.count)..<end])
        result.fileLength = bytes.count
    }

    /// The forward pass. Every handler returns a position past the one it was given,
    /// so the loop always ends.
    mutating func run() throws(PDFStructureError) {
        var position = 0
        let count = bytes.count
        while position < count {
            let next: Int
            switch bytes[position] {
            case UInt8(ascii: "%"):
                next = try handlePercent(at: position)
            case UInt8(ascii: "o"):
                if let header = objectHeader(keywordAt: position) {
                    next = try handleObject(header)
                } else {
                    next = position + 1
                }
            case UInt8(ascii: "x") where PDFBytes.matchesKeyword(Keyword.xref, in: bytes, at: position):
                next = try handleXRefTable(at: position)
            case UInt8(ascii: "t") where PDFBytes.matchesKeyword(Keyword.trailer, in: bytes, at: position):
                next = try handleTrailer(at: position).resumeAt
            case UInt8(ascii: "s") where PDFBytes.matchesKeyword(Keyword.startxref, in: bytes, at: position):
                next = handleStartxref(at: position)
            default:
                next = position + 1
            }
            position = max(next, position + 1)
        }
    }

    /// A `%`: either `%%EOF`, which closes the current revision, or a comment, skipped
    /// to the end of its line (stopping early at a `%%EOF` inside it).
    mutating func handlePercent(at position: Int) throws(PDFStructureError) -> Int {
        if PDFBytes.matches(Keyword.eof, in: bytes, at: position) {
            result.eofOffsets.append(position)
            let end = PDFBytes.skipEOL(in: bytes, at: position + Keyword.eof.count)
            try closeRevision(eofOffset: position, end: end)
            return end
        }
        var index = position + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D { break }
            if byte == UInt8(ascii: "%"), PDFBytes.matches(Keyword.eof, in: bytes, at: index) { break }
            index += 1
        }
        return index
    }
}
