extension FindingCode {
    public static let revisedContent = FindingCode("REVISED_CONTENT")
    public static let revisedMetadata = FindingCode("REVISED_METADATA")
    public static let touchupEdit = FindingCode("TOUCHUP_EDIT")
    public static let textOverlap = FindingCode("TEXT_OVERLAP")
    public static let textOverlapFurniture = FindingCode("TEXT_OVERLAP_FURNITURE")
    public static let fontOutlier = FindingCode("FONT_OUTLIER")
    public static let editorProducer = FindingCode("EDITOR_PRODUCER")
    public static let metadataDates = FindingCode("METADATA_DATES")
    public static let modifiedAfterCreation = FindingCode("MODIFIED_AFTER_CREATION")
    public static let imageOnly = FindingCode("IMAGE_ONLY")
    public static let trailingBytes = FindingCode("TRAILING_BYTES")
    public static let reusedObjectNumbers = FindingCode("REUSED_OBJECT_NUMBERS")
    public static let incrementalUpdates = FindingCode("INCREMENTAL_UPDATES")
    public static let xrefMisdirected = FindingCode("XREF_MISDIRECTED")
}

extension FindingCatalogue {
    static let forensicEntries: [Entry] = {
        let family = "File forensics (all documents)"
        return [
            Entry(
                .revisedContent, .fail, family: family,
                "An incremental update after the first revision changes page content, fonts or images.",
                action: "Treat the document as altered after it was produced; ask for a fresh copy from the issuer."),
            Entry(
                .revisedMetadata, .warn, family: family,
                "A later revision changes only the document information or XMP metadata.",
                action: "Look at the document closely; a metadata-only change is often a tool re-saving it."),
            Entry(
                .touchupEdit, .fail, family: family,
                "A content stream carries Acrobat's `TouchUp_TextEdit` marker: text was edited by hand.",
                action: "Treat the marked text as altered; compare it with a copy from the issuer."),
            Entry(
                .textOverlap, .fail, family: family,
                "Two different strings are drawn at overlapping positions, both visible, upright and of similar size, one of them a value the checks read (an old value left under a new one).",
                action: "Look at the page at the position given; the visible value was probably pasted over another."),
            Entry(
                .textOverlapFurniture, .info, family: family,
                "Strings drawn over each other that are not evidence of an edit: a stamp or other turned text, a barcode, leader dots or a line drawn twice, white or hidden text, text of very different sizes, or neither string a value the checks read.",
                action: "Nothing on its own; the evidence says where and why it was not counted as TEXT_OVERLAP."),
            Entry(
                .fontOutlier, .warn, family: family,
                "An amount, date or balance is set in a different font or size than the rest of its column.",
                action: "Look at the value named; edited values often differ in font."),
            Entry(
                .editorProducer, .warn, family: family,
                "The Producer or Creator names an editor, online converter or office suite, not a bank's or issuer's system.",
                action: "Ask how the document was obtained; banks do not produce statements with these tools."),
            Entry(
                .metadataDates, .warn, family: family,
                "The metadata dates are impossible: modified before created, in the future, or created before the last transaction.",
                action: "Look at the document closely; the dates were likely set by hand or by an editor."),
            Entry(
                .modifiedAfterCreation, .info, family: family,
                "The modification date is more than a minute after the creation date.",
                action: "Nothing on its own; weighs with other findings."),
            Entry(
                .imageOnly, .warn, family: family,
                "Pages carry no text layer (a scan or a flattened file), so the content checks could not run.",
                action: "Check the content by hand or ask for the electronic original."),
            Entry(
                .trailingBytes, .warn, family: family,
                "Bytes follow the last end-of-file marker.",
                action: "Look at the document closely; data was appended after it was finished."),
            Entry(
                .reusedObjectNumbers, .info, family: family,
                "Objects with a generation number above 0: object numbers were freed and reused by an editor.",
                action: "Nothing on its own; weighs with other findings."),
            Entry(
                .xrefMisdirected, .warn, family: family,
                "A cross-reference entry sends an object number to the bytes of another object, so a reader shows that object in its place (the shadow attack that swaps content by adding one table line).",
                action: "Treat what the named object shows as possibly swapped; compare the pages with a copy from the issuer."),
            Entry(
                .incrementalUpdates, .info, family: family,
                "The file has more than one revision (incremental updates); the count and what they change are in the evidence.",
                action: "Nothing on its own; see REVISED_CONTENT and REVISED_METADATA."),
        ]
    }()
}
