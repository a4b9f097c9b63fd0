/// Resource limits for ``PDFStructureScanner``.
///
/// Every limit guards against hostile input (RUB "PDF101" denial-of-service files,
/// decompression bombs, deep nesting). Hitting any of them ends the scan with
/// ``PDFStructureError/limitExceeded(_:)``: the caller fails closed instead of judging a
/// partial picture of the file.
public struct PDFStructureLimits: Sendable, Equatable {
    /// Largest input accepted, in bytes.
    public var maxInputBytes: Int
    /// Most indirect objects (`N G obj` headers plus objects inside object streams).
    public var maxObjects: Int
    /// Deepest nesting of arrays and dictionaries inside one object.
    public var maxNestingDepth: Int
    /// Most bytes decoded (inflated, or ASCII85/hex-decoded) from all streams together.
    public var maxInflatedBytes: Int
    /// Most bytes decoded from any one stream (and by any one stage of its filter chain).
    public var maxInflatedPerStream: Int
    /// Most revisions (`%%EOF` markers).
    public var maxRevisions: Int
    /// Most values (numbers, names, strings, containers…) parsed inside one object;
    /// bounds the memory one giant array or dictionary can take.
    public var maxValuesPerObject: Int
    /// Most cross-reference entries read from all xref tables and xref streams together.
    public var maxXRefEntries: Int

    /// Limits with the given values; each defaults to docverify's default.
    public init(
        maxInputBytes: Int = 256 << 20,
        maxObjects: Int = 500_000,
        maxNestingDepth: Int = 256,
        maxInflatedBytes: Int = 256 << 20,
        maxInflatedPerStream: Int = 64 << 20,
        maxRevisions: Int = 1_000,
        maxValuesPerObject: Int = 1_000_000,
        maxXRefEntries: Int = 2_000_000
    ) {
        self.maxInputBytes = maxInputBytes
        self.maxObjects = maxObjects
        self.maxNestingDepth = maxNestingDepth
        self.maxInflatedBytes = maxInflatedBytes
        self.maxInflatedPerStream = maxInflatedPerStream
        self.maxRevisions = maxRevisions
        self.maxValuesPerObject = maxValuesPerObject
        self.maxXRefEntries = maxXRefEntries
    }

    /// The limits docverify uses unless configured otherwise.
    public static let `default` = PDFStructureLimits()
}
