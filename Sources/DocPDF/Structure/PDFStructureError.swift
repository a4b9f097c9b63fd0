/// Why ``PDFStructureScanner`` or ``FlateInflater`` could not finish.
///
/// The scanner is tolerant of damaged files: broken objects, wrong stream lengths and
/// dangling offsets are *reported* in ``PDFStructure``, not thrown. It throws only when
/// the input is not a PDF at all or when a resource limit is hit.
public enum PDFStructureError: Error, Equatable, CustomStringConvertible {
    /// No `%PDF-` header within the first 1024 bytes.
    case notPDF
    /// A limit of ``PDFStructureLimits`` was hit; the text names the limit and its value.
    case limitExceeded(String)
    /// Flate data that zlib rejects (thrown by ``FlateInflater`` only; the scanner records
    /// undecodable streams in ``StreamInfo/decodeStatus`` instead).
    case invalidFlateData(String)

    /// A stable, machine-readable code for the case.
    public var code: String {
        switch self {
        case .notPDF: "not-pdf"
        case .limitExceeded: "limit-exceeded"
        case .invalidFlateData: "invalid-flate-data"
        }
    }

    public var description: String {
        switch self {
        case .notPDF: "not a PDF: no %PDF- header in the first 1024 bytes"
        case .limitExceeded(let what): "limit exceeded: \(what)"
        case .invalidFlateData(let why): "invalid Flate data: \(why)"
        }
    }
}
