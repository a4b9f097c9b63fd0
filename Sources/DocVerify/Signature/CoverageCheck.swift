internal import DocPDF

/// `docs/sesame-report.md`, "Coverage", second half: what the signed bytes cover
/// (`docs/signature-checks.md`, checks 5 and 15).
///
/// A Sesame report must be signed to its last byte: any later revision, appended object,
/// second xref or stray bytes make it a different document. Other documents may carry
/// signatures followed by later revisions (a person compares them, `warn`), but a signed
/// range that stops inside a revision does not sign a document state at all.
enum CoverageCheck {
    enum Coverage: Sendable, Equatable {
        /// The signed range ends at the end of the file.
        case wholeFile
        /// The signed range ends where revision `revision` (0-based) ends; `laterRevisions`
        /// complete revisions and `bytesAfter` bytes in all follow.
        case revision(index: Int, laterRevisions: Int, bytesAfter: Int)
        /// The signed range ends inside a revision, `bytesAfter` bytes before the end of the file.
        case partial(bytesAfter: Int)
    }

    static func coverage(of ranges: ByteRangeCheck.Ranges, structure: PDFStructure, fileLength: Int) -> Coverage {
        let end = ranges.signedEnd
        if end == fileLength { return .wholeFile }
        // A revision ends after its %%EOF and one end-of-line; accept the range ending
        // right after %%EOF too (a writer that signed before adding the newline).
        guard
            let index = structure.revisions.firstIndex(where: { revision in
                guard let eof = revision.eofOffset else { return false }
                return end == revision.span.upperBound || end == eof + 5
            })
        else {
            return .partial(bytesAfter: fileLength - end)
        }
        let later = structure.revisions[(index + 1)...].filter { $0.eofOffset != nil }.count
        return .revision(index: index, laterRevisions: later, bytesAfter: fileLength - end)
    }

    /// A sentence for the officer about what follows the signed range.
    static func describe(_ coverage: Coverage) -> String {
        switch coverage {
        case .wholeFile:
            "the signature covers the whole file"
        case .revision(_, let later, let bytes) where later > 0:
            later == 1
                ? "1 later revision (\(bytes) bytes) was added after the signed revision"
                : "\(later) later revisions (\(bytes) bytes) were added after the signed revision"
        case .revision(_, _, let bytes):
            "\(bytes) bytes that form no complete revision were appended after the signed revision"
        case .partial(let bytes):
            "the signed range ends inside a revision, \(bytes) bytes before the end of the file"
        }
    }
}
