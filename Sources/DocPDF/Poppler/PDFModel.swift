public import Foundation

/// A rectangle on a page, in PDF points, with the origin at the top-left corner
/// (poppler's text-layout convention: `y` grows downwards).
public struct PDFRect: Sendable, Equatable, Hashable {
    public var x0: Double
    public var y0: Double
    public var x1: Double
    public var y1: Double

    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
    }

    public var width: Double { x1 - x0 }
    public var height: Double { y1 - y0 }
    public var midX: Double { (x0 + x1) / 2 }
    public var midY: Double { (y0 + y1) / 2 }

    /// The smallest rectangle holding both.
    public func union(_ other: PDFRect) -> PDFRect {
        PDFRect(x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
    }

    /// The area the two share (0 when they do not meet).
    public func intersectionArea(_ other: PDFRect) -> Double {
        let w = min(x1, other.x1) - max(x0, other.x0)
        let h = min(y1, other.y1) - max(y0, other.y0)
        return w > 0 && h > 0 ? w * h : 0
    }
}

/// A text colour, 16 bits per channel as poppler reports it.
public struct PDFColor: Sendable, Equatable, Hashable {
    public var red: UInt16
    public var green: UInt16
    public var blue: UInt16
    public init(red: UInt16, green: UInt16, blue: UInt16) {
        self.red = red
        self.green = green
        self.blue = blue
    }
}

/// One word of a page's text layout: characters between white space that share a line.
public struct PDFWord: Sendable, Equatable {
    public var text: String
    public var box: PDFRect
    public var fontName: String
    public var fontSize: Double
    public var color: PDFColor
    /// Whether the word reads left to right on a horizontal baseline. `false` for text that
    /// is turned (a stamp at an angle, a vertical margin note), as estimated from poppler's
    /// character boxes: see ``PDFDocument`` ("Orientation").
    public var isUpright: Bool

    public init(text: String, box: PDFRect, fontName: String, fontSize: Double, color: PDFColor, isUpright: Bool = true) {
        self.text = text
        self.box = box
        self.fontName = fontName
        self.fontSize = fontSize
        self.color = color
        self.isUpright = isUpright
    }
}

/// The text of one page: positioned words and the reading-order text poppler produces.
public struct PDFPageText: Sendable, Equatable {
    /// 1-based page number.
    public var number: Int
    public var width: Double
    public var height: Double
    public var words: [PDFWord]
    public var text: String
    /// How many images the page paints (poppler's image mapping: image XObjects and inline
    /// images). Counted only for pages without any text, where it tells a scanned page from
    /// a blank one; `nil` where it was not counted.
    public var imageCount: Int?

    public init(number: Int, width: Double, height: Double, words: [PDFWord], text: String, imageCount: Int? = nil) {
        self.number = number
        self.width = width
        self.height = height
        self.words = words
        self.text = text
        self.imageCount = imageCount
    }
}

/// A font used by the document, as poppler's font scan reports it.
public struct PDFFontInfo: Sendable, Equatable, Hashable {
    public var name: String
    public var type: String
    public var isEmbedded: Bool
    public var isSubset: Bool

    public init(name: String, type: String, isEmbedded: Bool, isSubset: Bool) {
        self.name = name
        self.type = type
        self.isEmbedded = isEmbedded
        self.isSubset = isSubset
    }

    /// The six-letter subset tag (`ABCDEF` of `ABCDEF+Arial`), if the name has one.
    public var subsetTag: String? {
        let parts = name.split(separator: "+", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 6, parts[0].allSatisfy({ $0 >= "A" && $0 <= "Z" }) else { return nil }
        return String(parts[0])
    }

    /// The name without its subset tag.
    public var baseName: String {
        subsetTag == nil ? name : String(name.split(separator: "+", maxSplits: 1)[1])
    }
}

/// Document-level facts: version, Info dictionary, XMP, `/ID`, linearization.
public struct PDFMetadata: Sendable, Equatable {
    public var pageCount: Int
    public var pdfVersion: String
    public var title: String?
    public var author: String?
    public var subject: String?
    public var creator: String?
    public var producer: String?
    public var creationDate: Date?
    public var modificationDate: Date?
    public var xmp: String?
    /// The first `/ID` string, as 32 hex digits (poppler reports only 16-byte IDs).
    public var permanentID: String?
    /// The second `/ID` string, as 32 hex digits.
    public var updateID: String?
    public var isLinearized: Bool

    public init(
        pageCount: Int, pdfVersion: String, title: String? = nil, author: String? = nil, subject: String? = nil,
        creator: String? = nil, producer: String? = nil, creationDate: Date? = nil, modificationDate: Date? = nil,
        xmp: String? = nil, permanentID: String? = nil, updateID: String? = nil, isLinearized: Bool = false
    ) {
        self.pageCount = pageCount
        self.pdfVersion = pdfVersion
        self.title = title
        self.author = author
        self.subject = subject
        self.creator = creator
        self.producer = producer
        self.creationDate = creationDate
        self.modificationDate = modificationDate
        self.xmp = xmp
        self.permanentID = permanentID
        self.updateID = updateID
        self.isLinearized = isLinearized
    }
}

/// Why poppler could not open a document.
public enum PDFReadError: Error, Equatable, CustomStringConvertible {
    /// The document needs a password.
    case encrypted
    /// poppler could not make sense of the bytes, even after trying to repair them.
    case damaged(String)
    /// Any other failure poppler reported, with its code.
    case failed(code: Int, message: String)

    public var description: String {
        switch self {
        case .encrypted: "the document is encrypted with a password"
        case .damaged(let message): "the PDF reader could not open it: \(message)"
        case .failed(let code, let message): "the PDF reader failed (code \(code)): \(message)"
        }
    }
}
