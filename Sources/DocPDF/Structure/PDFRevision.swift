/// How a revision's cross-reference section is written.
public enum XRefKind: String, Sendable, Hashable {
    /// A classic `xref` table followed by a `trailer` dictionary.
    case table
    /// A cross-reference stream (`/Type /XRef`), PDF 1.5 and later.
    case stream
    /// No cross-reference section in the revision's bytes.
    case missing
}

/// The keys of a trailer dictionary (or of an xref stream's dictionary, which plays the
/// trailer's role) that forensic checks look at.
public struct PDFTrailer: Sendable, Equatable {
    /// Every key, without the slash, sorted.
    public var keys: [String]
    /// `/Root`, when it is a reference.
    public var root: ObjectRef?
    /// `/Info`, when it is a reference.
    public var info: ObjectRef?
    /// Whether `/Encrypt` is present (whatever its value).
    public var hasEncrypt: Bool
    /// `/ID` strings as lowercase hex (normally two: permanent and update identifier).
    public var ids: [String]
    /// `/Size`, when a direct integer.
    public var size: Int?
    /// `/Prev`, when a direct non-negative integer.
    public var prev: Int?
    /// `/XRefStm` of a hybrid-reference file, when a direct non-negative integer.
    public var xrefStm: Int?

    /// A value from its parts (the scanner builds these; tests of later checks may too).
    public init(
        keys: [String] = [], root: ObjectRef? = nil, info: ObjectRef? = nil, hasEncrypt: Bool = false,
        ids: [String] = [], size: Int? = nil, prev: Int? = nil, xrefStm: Int? = nil
    ) {
        self.keys = keys
        self.root = root
        self.info = info
        self.hasEncrypt = hasEncrypt
        self.ids = ids
        self.size = size
        self.prev = prev
        self.xrefStm = xrefStm
    }
}

/// One cross-reference entry, from an xref table or a decoded xref stream.
public struct XRefEntry: Sendable, Equatable {
    /// What the entry maps the object number to.
    public enum Target: Sendable, Equatable {
        /// A free entry (`f`), with the next free object number.
        case free(nextFree: Int)
        /// An object at a byte offset (`n`).
        case inUse(offset: Int)
        /// An object stored in an object stream (xref streams only).
        case compressed(objectStream: Int, index: Int)
    }

    /// The object number the entry describes.
    public var objectNumber: Int
    /// The generation (0 for compressed entries).
    public var generation: Int
    /// Where the entry points.
    public var target: Target

    /// A value from its parts (the scanner builds these; tests of later checks may too).
    public init(objectNumber: Int, generation: Int, target: Target) {
        self.objectNumber = objectNumber
        self.generation = generation
        self.target = target
    }
}

/// An in-use xref entry whose offset holds the header of an object with another number:
/// object 8's entry pointing at `6 0 obj`. A reader that trusts the table shows object 6's
/// content wherever object 8 is used, so an update can swap what a page shows by adding a
/// table line, without touching any object (the "hide via referenced object" shadow
/// attack). Honest writers give each object its own offset.
public struct MisdirectedXRefEntry: Sendable, Equatable {
    /// The revision whose xref section holds the entry (an index into ``PDFStructure/revisions``).
    public var revisionIndex: Int
    /// The object number and generation the entry describes.
    public var entry: ObjectRef
    /// The offset the entry gives.
    public var offset: Int
    /// The object whose `N G obj` header is at that offset.
    public var objectThere: ObjectRef

    /// A value from its parts (the scanner builds these; tests of later checks may too).
    public init(revisionIndex: Int, entry: ObjectRef, offset: Int, objectThere: ObjectRef) {
        self.revisionIndex = revisionIndex
        self.entry = entry
        self.offset = offset
        self.objectThere = objectThere
    }
}

/// An object defined inside a revision's bytes.
public struct RevisionObject: Sendable, Equatable {
    /// Object number and generation from the header (generation 0 inside object streams).
    public var ref: ObjectRef
    /// Offset of the `N G obj` header; for objects inside an object stream, of the
    /// object stream's header.
    public var offset: Int
    /// What the object's dictionary says it is.
    public var kinds: PDFObjectKinds
    /// The object stream holding it, for objects stored in one.
    public var objectStreamNumber: Int?

    /// A value from its parts (the scanner builds these; tests of later checks may too).
    public init(ref: ObjectRef, offset: Int, kinds: PDFObjectKinds, objectStreamNumber: Int? = nil) {
        self.ref = ref
        self.offset = offset
        self.kinds = kinds
        self.objectStreamNumber = objectStreamNumber
    }
}

/// One revision of the file: the original body, or one incremental update.
///
/// Revisions are cut at each `%%EOF`: revision *i* spans from the end of revision
/// *i − 1* (or offset 0) to just after its `%%EOF` and the end-of-line that follows it.
/// A linearized file's first-page section ends in `%%EOF` too, so it counts as a
/// revision here; see ``PDFStructure/linearized``.
public struct PDFRevision: Sendable, Equatable {
    /// Bytes `[start, end)` of the revision.
    public var span: Range<Int>
    /// Offset of the `%%EOF` closing the revision; `nil` for bytes after the last
    /// `%%EOF` that hold objects or xref data but were never closed (an append without
    /// `%%EOF`, or a truncated file).
    public var eofOffset: Int?
    /// The last `startxref` value inside the revision.
    public var startxref: Int?
    /// Whether ``startxref`` points at an xref table or an xref stream object found in the file.
    public var startxrefPointsToXRef: Bool
    /// The kind of cross-reference section inside the revision's bytes (a table wins
    /// over a stream in hybrid files).
    public var xrefKind: XRefKind
    /// Offsets of the xref tables (`xref` keyword) and xref stream objects (`N G obj`) in the revision.
    public var xrefOffsets: [Int]
    /// `/Prev` of the revision's trailer (or xref stream dictionary).
    public var prev: Int? { trailer?.prev }
    /// The revision's last trailer, or else its last xref stream dictionary.
    public var trailer: PDFTrailer?
    /// Every cross-reference entry the revision's xref tables and decoded xref streams list.
    public var xrefEntries: [XRefEntry]
    /// Every object defined in the revision's bytes, in file order, including objects
    /// unpacked from the revision's object streams.
    public var objects: [RevisionObject]

    /// A value from its parts (the scanner builds these; tests of later checks may too).
    public init(
        span: Range<Int>, eofOffset: Int? = nil, startxref: Int? = nil, startxrefPointsToXRef: Bool = false,
        xrefKind: XRefKind = .missing, xrefOffsets: [Int] = [], trailer: PDFTrailer? = nil,
        xrefEntries: [XRefEntry] = [], objects: [RevisionObject] = []
    ) {
        self.span = span
        self.eofOffset = eofOffset
        self.startxref = startxref
        self.startxrefPointsToXRef = startxrefPointsToXRef
        self.xrefKind = xrefKind
        self.xrefOffsets = xrefOffsets
        self.trailer = trailer
        self.xrefEntries = xrefEntries
        self.objects = objects
    }

    /// The object numbers (with generation) the revision defines.
    public var objectRefs: [ObjectRef] { objects.map(\.ref) }
}
