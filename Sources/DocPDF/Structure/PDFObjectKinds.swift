/// What an object's dictionary says it is, from its `/Type`, `/Subtype` and keys.
///
/// Later forensic checks use these to classify what an incremental update touched:
/// "page content, fonts or images changed" versus "only Info, XMP or a signature".
/// A heuristic, not a validation: an object can carry several kinds, or none.
public struct PDFObjectKinds: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    /// The kinds whose bits are set in `rawValue`.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `/Type /Catalog`.
    public static let catalog = PDFObjectKinds(rawValue: 1 << 0)
    /// `/Type /Pages`.
    public static let pages = PDFObjectKinds(rawValue: 1 << 1)
    /// `/Type /Page`.
    public static let page = PDFObjectKinds(rawValue: 1 << 2)
    /// `/Type /Font`.
    public static let font = PDFObjectKinds(rawValue: 1 << 3)
    /// `/Type /FontDescriptor`.
    public static let fontDescriptor = PDFObjectKinds(rawValue: 1 << 4)
    /// An embedded font program (`/Length1`…`/Length3`, or `/Subtype /Type1C`, `/CIDFontType0C`, `/OpenType`).
    public static let fontFile = PDFObjectKinds(rawValue: 1 << 5)
    /// An image XObject (`/Subtype /Image`).
    public static let image = PDFObjectKinds(rawValue: 1 << 6)
    /// A form XObject (`/Subtype /Form`): it carries content operators like a page.
    public static let formXObject = PDFObjectKinds(rawValue: 1 << 7)
    /// An XMP metadata stream (`/Type /Metadata` or `/Subtype /XML`).
    public static let metadata = PDFObjectKinds(rawValue: 1 << 8)
    /// A signature dictionary (`/Type /Sig` or `/DocTimeStamp`, or `/ByteRange` with `/Contents`).
    public static let signature = PDFObjectKinds(rawValue: 1 << 9)
    /// An annotation (`/Type /Annot` or a known annotation `/Subtype` such as `/Widget`, `/FreeText`).
    public static let annotation = PDFObjectKinds(rawValue: 1 << 10)
    /// An interactive form dictionary (has `/Fields`).
    public static let acroForm = PDFObjectKinds(rawValue: 1 << 11)
    /// A document information dictionary shape (no `/Type`; `/Producer`, `/ModDate`, … keys).
    public static let info = PDFObjectKinds(rawValue: 1 << 12)
    /// A document security store (`/Type /DSS`, or a dictionary with `/VRI`), or a catalog
    /// holding one directly under `/DSS`.
    public static let dss = PDFObjectKinds(rawValue: 1 << 13)
    /// `/Type /XRef`: a cross-reference stream.
    public static let xrefStream = PDFObjectKinds(rawValue: 1 << 14)
    /// `/Type /ObjStm`: an object stream.
    public static let objectStream = PDFObjectKinds(rawValue: 1 << 15)
    /// `/Type /EmbeddedFile`.
    public static let embeddedFile = PDFObjectKinds(rawValue: 1 << 16)
    /// Any stream object.
    public static let stream = PDFObjectKinds(rawValue: 1 << 17)
    /// A stream with no `/Type`, `/Subtype` or other marker of a known non-content stream:
    /// most likely a page content stream.
    public static let contentStream = PDFObjectKinds(rawValue: 1 << 18)
    /// The object's value could not be parsed (garbage, truncation).
    public static let unparseable = PDFObjectKinds(rawValue: 1 << 19)
}
