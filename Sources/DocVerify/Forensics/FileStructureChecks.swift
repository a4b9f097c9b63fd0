internal import DocPDF

/// `IMAGE_ONLY`: pages that show an image and have no text layer (a scan or a flattened
/// file): nothing on those pages can be checked. A blank page (no text, no image) is not
/// image-only, even in a file whose other pages carry a logo.
enum ImageOnlyCheck: ForensicCheck {
    static func run(_ input: ForensicInput) -> [Finding] {
        let empty = input.pages.filter { page in
            !page.words.contains { !$0.text.isEmpty } && (page.imageCount ?? 0) > 0
        }.map(\.number)
        guard !empty.isEmpty else { return [] }
        let all = empty.count == input.pages.count
        return [
            Finding(
                .imageOnly,
                all
                    ? "No page has a text layer: the document is a picture (a scan or a flattened file), so its content could not be checked."
                    : "Page\(empty.count == 1 ? "" : "s") \(empty.map(String.init).joined(separator: ", ")) of \(input.pages.count) have no text layer, unlike the rest.",
                page: empty.first, evidence: ["pages": .array(empty.map { .int($0) }), "pageCount": .int(input.pages.count)]
            )
        ]
    }
}

/// `TRAILING_BYTES`: bytes other than white space after the last `%%EOF`.
enum TrailingBytesCheck: ForensicCheck {
    static func run(_ input: ForensicInput) -> [Finding] {
        let extra = input.structure.trailingNonWhitespaceBytes
        guard extra > 0 else { return [] }
        return [
            Finding(
                .trailingBytes, "\(input.structure.trailingBytes) bytes follow the last end-of-file marker.",
                evidence: ["bytes": .int(input.structure.trailingBytes), "nonWhitespace": .int(extra)]
            )
        ]
    }
}

/// `REUSED_OBJECT_NUMBERS` (info): objects with a generation number above 0.
enum ReusedObjectNumbersCheck: ForensicCheck {
    static func run(_ input: ForensicInput) -> [Finding] {
        let refs = input.structure.objectsWithNonZeroGeneration
        guard !refs.isEmpty else { return [] }
        return [
            Finding(
                .reusedObjectNumbers,
                "\(refs.count) object\(refs.count == 1 ? " has" : "s have") a generation number above 0 (freed and reused object numbers).",
                evidence: ["objects": .array(refs.prefix(10).map { .string($0.description) }), "count": .int(refs.count)]
            )
        ]
    }
}

/// `XREF_MISDIRECTED`: xref entries whose offset holds another object's header (the scanner's
/// ``MisdirectedXRefEntry``). A warn, not a fail: a damaged table can do the same by accident;
/// a person compares what the object shows with the issuer's copy.
enum MisdirectedXRefCheck: ForensicCheck {
    static func run(_ input: ForensicInput) -> [Finding] {
        let entries = input.structure.misdirectedXRefEntries
        guard let first = entries.first else { return [] }
        let revisions = Set(entries.map(\.revisionIndex)).sorted().map { $0 + 1 }
        let others = entries.count == 1 ? "" : " (\(entries.count) entries in all)"
        return [
            Finding(
                .xrefMisdirected,
                "The cross-reference section of revision \(first.revisionIndex + 1) sends object \(first.entry.number) to the bytes of object \(first.objectThere.number) (offset \(first.offset))\(others): a reader shows object \(first.objectThere.number) in its place.",
                evidence: [
                    "revisions": .array(revisions.map { .int($0) }),
                    "entries": .array(
                        entries.prefix(10).map { entry in
                            .string("revision \(entry.revisionIndex + 1): \(entry.entry.number) -> \(entry.objectThere.number) at \(entry.offset)")
                        }),
                    "count": .int(entries.count),
                ]
            )
        ]
    }
}
