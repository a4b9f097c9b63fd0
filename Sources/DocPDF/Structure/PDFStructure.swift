/// What a raw-byte scan of a PDF found: its revisions, cross-reference chain,
/// signature dictionaries and traces of editing.
///
/// Built by ``PDFStructureScanner/scan(_:limits:)`` from the bytes alone, without
/// poppler: this is the file's *history* (incremental updates, `/Prev` chain, bytes
/// after `%%EOF`), which a document model hides. All offsets are byte offsets into the
/// scanned buffer.
public struct PDFStructure: Sendable, Equatable {
    /// Offset of `%PDF-` (within the first 1024 bytes).
    public var headerOffset: Int
    /// The version after `%PDF-`, e.g. `"1.7"`.
    public var headerVersion: String
    /// The whole header comment as written, e.g. `"%PDF-1.7"`.
    public var headerLine: String
    /// Length of the scanned input.
    public var fileLength: Int
    /// Revisions in file order (see ``PDFRevision``).
    public var revisions: [PDFRevision]
    /// Offset of every `%%EOF` outside objects and streams, in file order.
    public var eofOffsets: [Int]
    /// Every `startxref` value, in file order.
    public var startxrefValues: [Int]
    /// Offsets of all xref tables and xref stream objects, in file order.
    public var xrefOffsets: [Int]
    /// How many `trailer` dictionaries the file has.
    public var trailerCount: Int
    /// Bytes after the last `%%EOF` and the end-of-line after it (0 when there is no `%%EOF`).
    public var trailingBytes: Int
    /// Of ``trailingBytes``, how many are not PDF white space.
    public var trailingNonWhitespaceBytes: Int
    /// Xref offsets walked from the last `startxref` through each section's `/Prev`:
    /// `prevChain[0]` is the last `startxref` value.
    public var prevChain: [Int]
    /// Whether the walk met an offset twice (it stops there).
    public var prevChainHasCycle: Bool
    /// Whether an offset in the chain points at neither an `xref` table nor an xref
    /// stream object (the walk stops there; the offset is the chain's last element).
    public var prevChainBroken: Bool
    /// Every signature dictionary, in file order.
    public var signatures: [PDFSignatureDictionary]
    /// Objects whose header has a generation number above 0, once each, in file order.
    public var objectsWithNonZeroGeneration: [ObjectRef]
    /// Streams containing `TouchUp_TextEdit`.
    public var touchUpEdits: [TouchUpMarker]
    /// Whether any trailer (or xref stream dictionary) has `/Encrypt`.
    public var isEncrypted: Bool
    /// The `/Linearized` dictionary, when the first object (within 1024 bytes) is one.
    public var linearized: LinearizationInfo?
    /// How many `N G obj` headers the file has.
    public var objectCount: Int
    /// How many objects were unpacked from object streams.
    public var objectStreamMemberCount: Int
    /// How many objects could not be parsed (garbage or truncation).
    public var unparseableObjectCount: Int
    /// Every stream object, in file order.
    public var streams: [StreamInfo]
    /// In-use xref entries that send an object number to another object's bytes, in
    /// revision order.
    public var misdirectedXRefEntries: [MisdirectedXRefEntry]
    /// Offset of the object the file ends inside: the last revision has no `%%EOF` and its
    /// last object's `endobj` never comes (nothing structural follows it). See ``truncation``.
    public var unclosedObjectAtEnd: Int?

    /// An empty structure; the scanner fills one in, and tests of later checks can too.
    public init() {
        headerOffset = 0
        headerVersion = ""
        headerLine = ""
        fileLength = 0
        revisions = []
        eofOffsets = []
        startxrefValues = []
        xrefOffsets = []
        trailerCount = 0
        trailingBytes = 0
        trailingNonWhitespaceBytes = 0
        prevChain = []
        prevChainHasCycle = false
        prevChainBroken = false
        signatures = []
        objectsWithNonZeroGeneration = []
        touchUpEdits = []
        isEncrypted = false
        linearized = nil
        objectCount = 0
        objectStreamMemberCount = 0
        unparseableObjectCount = 0
        streams = []
        misdirectedXRefEntries = []
        unclosedObjectAtEnd = nil
    }
}
