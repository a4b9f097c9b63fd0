/// A signature dictionary found in the file's bytes.
///
/// Any dictionary with `/Type /Sig` or `/Type /DocTimeStamp`, or with both `/ByteRange`
/// and `/Contents`, whether it is an indirect object of its own or nested inside one
/// (a field's `/V`). Values are recorded as written, unvalidated: checking that
/// ``byteRange`` is `[0, b, c, d]` with `b == contentsSpan.lowerBound` and
/// `c == contentsSpan.upperBound` is the verifier's job.
public struct PDFSignatureDictionary: Sendable, Equatable {
    /// The number of the indirect object holding the dictionary.
    public var objectNumber: Int
    /// The generation of that object.
    public var generation: Int
    /// Bytes of that object, from its `N G obj` header to after `endobj` (for a dictionary
    /// inside an object stream: the object stream's bytes).
    public var objectSpan: Range<Int>
    /// Bytes of the dictionary itself, `<<` to `>>`; `nil` inside an object stream.
    public var dictionarySpan: Range<Int>?
    /// `/ByteRange` when it is a direct array of integers; `nil` otherwise.
    public var byteRange: [Int]?
    /// `/ByteRange` exactly as written (`nil` when the key is absent).
    public var byteRangeRaw: String?
    /// Bytes of the `/Contents` string in the file: `lowerBound` is the offset of its `<`
    /// (or `(`), `upperBound - 1` that of its closing `>` (or `)`). `nil` when `/Contents`
    /// is absent or not a direct string, or the dictionary sits in an object stream.
    public var contentsSpan: Range<Int>?
    /// `/Contents` decoded (hex digits with white space ignored, or literal-string escapes).
    public var contents: [UInt8]?
    /// Whether `/Contents` is a hex string, as the specification requires.
    public var contentsIsHex: Bool
    /// `/SubFilter` without the slash (`ETSI.CAdES.detached`, `adbe.pkcs7.detached`, …).
    public var subFilter: String?
    /// `/Filter` without the slash (`Adobe.PPKLite`, …).
    public var filter: String?
    /// `/Type` without the slash (`Sig`, `DocTimeStamp`), when present.
    public var type: String?
    /// `/M`, the claimed signing time, as written (`D:20240101120000+08'00'`).
    public var signingTimeRaw: String?
    /// `/Name`, the signer's name as the signer wrote it.
    public var name: String?
    /// `/Reason`.
    public var reason: String?
    /// `/Location`.
    public var location: String?
    /// `/ContactInfo`.
    public var contactInfo: String?
    /// Whether the dictionary has `/Reference` (a DocMDP/FieldMDP signature reference).
    public var hasReference: Bool
    /// Whether `/Reference` names the usage-rights transform (`/TransformMethod /UR3` or
    /// `/UR`): Adobe's Reader-extensions signature, which says nothing about the author.
    public var isUsageRights: Bool
    /// Index in ``PDFStructure/revisions`` of the revision whose bytes hold the dictionary.
    public var revisionIndex: Int
    /// `/Cert`: the DER certificates of an `adbe.x509.rsa_sha1` signature (a string or an
    /// array of strings; the first is the signer's). Empty when absent.
    public var certificates: [[UInt8]] = []
    /// The object stream holding the dictionary, when it is not written directly in the file.
    public var objectStreamNumber: Int?

    /// A value from its parts (the scanner builds these; tests of later checks may too).
    public init(
        objectNumber: Int, generation: Int, objectSpan: Range<Int>, dictionarySpan: Range<Int>? = nil,
        byteRange: [Int]? = nil, byteRangeRaw: String? = nil, contentsSpan: Range<Int>? = nil,
        contents: [UInt8]? = nil, contentsIsHex: Bool = false, subFilter: String? = nil, filter: String? = nil,
        type: String? = nil, signingTimeRaw: String? = nil, name: String? = nil, reason: String? = nil,
        location: String? = nil, contactInfo: String? = nil, hasReference: Bool = false, revisionIndex: Int = 0,
        objectStreamNumber: Int? = nil, isUsageRights: Bool = false, certificates: [[UInt8]] = []
    ) {
        self.certificates = certificates
        self.objectNumber = objectNumber
        self.generation = generation
        self.objectSpan = objectSpan
        self.dictionarySpan = dictionarySpan
        self.byteRange = byteRange
        self.byteRangeRaw = byteRangeRaw
        self.contentsSpan = contentsSpan
        self.contents = contents
        self.contentsIsHex = contentsIsHex
        self.subFilter = subFilter
        self.filter = filter
        self.type = type
        self.signingTimeRaw = signingTimeRaw
        self.name = name
        self.reason = reason
        self.location = location
        self.contactInfo = contactInfo
        self.hasReference = hasReference
        self.isUsageRights = isUsageRights
        self.revisionIndex = revisionIndex
        self.objectStreamNumber = objectStreamNumber
    }
}
