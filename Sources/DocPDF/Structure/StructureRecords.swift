/// A stream whose data (raw, or Flate-decoded) contains Acrobat's `TouchUp_TextEdit`
/// marked-content tag, left when someone edits page text with "Edit Text & Images".
public struct TouchUpMarker: Sendable, Equatable {
    /// The stream object's number.
    public var objectNumber: Int
    /// The stream object's generation.
    public var generation: Int
    /// Offset of the stream object's `N G obj` header.
    public var objectOffset: Int
    /// How many times the tag occurs in the (decoded) stream data.
    public var occurrences: Int
    /// Offset of the first occurrence inside the decoded data.
    public var firstOccurrence: Int
    /// Whether the tag was found after decoding the stream's filters (`true`) or in
    /// unfiltered data (`false`).
    public var decoded: Bool
    /// Index in ``PDFStructure/revisions`` of the revision holding the stream.
    public var revisionIndex: Int

    /// A value from its parts (the scanner builds these; tests of later checks may too).
    public init(
        objectNumber: Int, generation: Int, objectOffset: Int, occurrences: Int, firstOccurrence: Int,
        decoded: Bool, revisionIndex: Int
    ) {
        self.objectNumber = objectNumber
        self.generation = generation
        self.objectOffset = objectOffset
        self.occurrences = occurrences
        self.firstOccurrence = firstOccurrence
        self.decoded = decoded
        self.revisionIndex = revisionIndex
    }
}

/// The linearization parameter dictionary (`/Linearized`) of a "Fast Web View" file.
public struct LinearizationInfo: Sendable, Equatable {
    /// The number of the object holding the dictionary.
    public var objectNumber: Int
    /// Offset of its `N G obj` header (within the first 1024 bytes).
    public var objectOffset: Int
    /// `/L`, the file length when linearized, if a direct integer.
    public var declaredLength: Int?
    /// Whether `/L` equals the file's length. `false` means bytes were appended after
    /// linearization: an incremental update (ISO 32000-1 Annex F).
    public var matchesFileLength: Bool

    /// A value from its parts (the scanner builds these; tests of later checks may too).
    public init(objectNumber: Int, objectOffset: Int, declaredLength: Int?, matchesFileLength: Bool) {
        self.objectNumber = objectNumber
        self.objectOffset = objectOffset
        self.declaredLength = declaredLength
        self.matchesFileLength = matchesFileLength
    }
}

/// One stream object and how its extent and data were determined.
public struct StreamInfo: Sendable, Equatable {
    /// What became of an attempt to decode the stream's data.
    public enum DecodeStatus: String, Sendable, Hashable {
        /// Not attempted (image, font program, unsupported filter, unterminated stream, …).
        case notDecoded
        /// Unfiltered data, used as is.
        case raw
        /// Decoded completely (Flate and/or ASCII filters).
        case decoded
        /// The Flate data ended before its end marker; the output so far was used.
        case truncated
        /// zlib rejected the data (or a predictor was malformed); any output so far was used.
        case corrupt
    }

    /// The stream object's number.
    public var objectNumber: Int
    /// The stream object's generation.
    public var generation: Int
    /// Offset of the `N G obj` header.
    public var objectOffset: Int
    /// The stream's data bytes, after `stream`+EOL and before the EOL that precedes `endstream`.
    public var dataSpan: Range<Int>
    /// `/Length` when a direct integer.
    public var declaredLength: Int?
    /// Whether `/Length` pointed exactly at `endstream` (else the extent was found by searching).
    public var lengthMatched: Bool
    /// Whether `endstream` was found at all. An unterminated stream is not decoded: its
    /// extent runs to the end of the file.
    public var terminated: Bool
    /// `/Filter` names in order, without the slash.
    public var filters: [String]
    /// What the object's dictionary says it is.
    public var kinds: PDFObjectKinds
    /// Whether and how the data was decoded (only xref streams, object streams and
    /// streams that may carry content are).
    public var decodeStatus: DecodeStatus
    /// Bytes of decoded data, when decoded.
    public var decodedLength: Int?
    /// Index in ``PDFStructure/revisions`` of the revision holding the stream.
    public var revisionIndex: Int

    /// A value from its parts (the scanner builds these; tests of later checks may too).
    public init(
        objectNumber: Int, generation: Int, objectOffset: Int, dataSpan: Range<Int>, declaredLength: Int?,
        lengthMatched: Bool, terminated: Bool, filters: [String], kinds: PDFObjectKinds,
        decodeStatus: DecodeStatus = .notDecoded, decodedLength: Int? = nil, revisionIndex: Int
    ) {
        self.objectNumber = objectNumber
        self.generation = generation
        self.objectOffset = objectOffset
        self.dataSpan = dataSpan
        self.declaredLength = declaredLength
        self.lengthMatched = lengthMatched
        self.terminated = terminated
        self.filters = filters
        self.kinds = kinds
        self.decodeStatus = decodeStatus
        self.decodedLength = decodedLength
        self.revisionIndex = revisionIndex
    }
}
