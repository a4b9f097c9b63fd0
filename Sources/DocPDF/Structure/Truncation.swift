/// How a file shows that it was cut short: it ends in the middle of something it started.
///
/// A download cut off, a copy interrupted or a scanner still writing leaves the first
/// revisions complete and stops inside the next one. Read as a whole, such a file looks like
/// an unsigned document followed by a strange update (`SIG_MISSING`, `REVISED_CONTENT`) or
/// like a signature whose signed range does not fit the file (`SIG_BYTERANGE_INVALID`): the
/// signs of forgery, on a genuine document. What tells them apart is that a cut leaves
/// something *unfinished*:
///
/// - an object whose `endobj` never comes (the file ends inside it), or
/// - an incremental update whose objects are written but not its `startxref`, after a
///   complete revision that no signature ends at, or
/// - a signature whose `/ByteRange` reaches past the end of a file that stops inside a
///   revision, or just short of the end-of-line after its last `%%EOF` (the signed bytes
///   are partly missing). A file that ends with a whole revision but claims more signed
///   bytes was altered, not cut, and keeps failing.
///
/// Appended data is another thing: after a signed revision (its `/ByteRange` ends exactly at
/// that revision's `%%EOF`) whole objects follow, as in ISA-2. Nothing there is unfinished,
/// so it is not taken for a cut and stays a failure (`SIG_NOT_WHOLE_FILE`).
///
/// An attacker who makes a forgery end in an unfinished object only turns `fail` into
/// `error` ("the file is cut short, ask for a complete copy"): `error` is not `pass`, and
/// nothing in it tells a clerk the document is genuine.
public struct PDFTruncation: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The file ends inside the object whose header is at this offset.
        case insideObject(offset: Int)
        /// The last revision's objects are there but not its `startxref` and `%%EOF`.
        case unfinishedUpdate(start: Int)
        /// A signature's signed range ends at this offset, past the file's end.
        case signedRangePastEnd(end: Int)
    }

    public var kind: Kind

    /// A sentence for the verdict.
    public var message: String {
        switch kind {
        case .insideObject(let offset):
            return "The file ends in the middle of a revision (inside the object at byte \(offset)): it is cut short, not complete. Ask for the complete file."
        case .unfinishedUpdate(let start):
            return
                "The file ends in the middle of a revision (the update from byte \(start) has no startxref and no %%EOF): it is cut short, not complete. Ask for the complete file."
        case .signedRangePastEnd(let end):
            return "The signature's signed range runs past the end of the file (to byte \(end)): the file is cut short. Ask for the complete file."
        }
    }
}

extension PDFStructure {
    /// How the file shows it was cut short, or nil when it does not (see ``PDFTruncation``).
    public var truncation: PDFTruncation? {
        // A range past the end is a cut only where the file stops inside a revision, or right
        // after its last `%%EOF` short of the end-of-line the signature covered. A file that
        // ends with a whole revision yet claims more signed bytes was altered (bytes removed
        // inside it, line ends rewritten): that stays a signature failure.
        let endsMidRevision = revisions.last.map { $0.eofOffset == nil } ?? true
        let endsShortOfEOL = revisions.last?.eofOffset.map { $0 + Keyword.eof.count == fileLength } ?? false
        for signature in signatures {
            guard let range = signature.byteRange, range.count == 4, range.allSatisfy({ $0 >= 0 }) else { continue }
            let (end, overflow) = range[2].addingReportingOverflow(range[3])
            if !overflow, end > fileLength, endsMidRevision || (endsShortOfEOL && end - fileLength <= 2) {
                return PDFTruncation(kind: .signedRangePastEnd(end: end))
            }
        }
        if let offset = unclosedObjectAtEnd {
            return PDFTruncation(kind: .insideObject(offset: offset))
        }
        // An update that stops between its objects: only after a complete revision (a lone
        // unterminated revision is a damaged file that readers rebuild, judged as it reads),
        // and not after a signed one, where whole objects are appended data.
        guard let last = revisions.last, last.eofOffset == nil, last.startxref == nil, revisions.count >= 2 else { return nil }
        let previous = revisions[revisions.count - 2]
        let signedUpToPrevious = signatures.contains { signature in
            guard let range = signature.byteRange, range.count == 4, let eof = previous.eofOffset else { return false }
            let (end, overflow) = range[2].addingReportingOverflow(range[3])
            return !overflow && end >= eof + Keyword.eof.count && end <= previous.span.upperBound
        }
        return signedUpToPrevious ? nil : PDFTruncation(kind: .unfinishedUpdate(start: last.span.lowerBound))
    }
}
