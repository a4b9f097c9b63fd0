internal import CPoppler
internal import Dispatch
internal import Foundation
internal import DocConcurrency

/// A PDF opened by poppler-glib from bytes in memory.
///
/// Owns one `PopplerDocument`, unreferenced exactly once in `deinit`. poppler documents
/// are not safe for concurrent use, so this type is not `Sendable`: confine each
/// document to the task (in docverify: the worker process) that opened it. Every value
/// it returns is a plain Swift value that owns no C memory.
public final class PDFDocument {
    private let document: OpaquePointer
    /// The immutable copy of the bytes poppler reads; kept so that ``pages(limit:readers:)``
    /// can open more readers of the same bytes without copying them again.
    private let gbytes: OpaquePointer

    /// Opens the document from `bytes`. They are copied once, so the caller's buffer
    /// need not outlive the document; the bytes judged are exactly these.
    public convenience init(bytes: [UInt8]) throws(PDFReadError) {
        let gbytes = bytes.withUnsafeBytes { buffer in
            g_bytes_new(buffer.baseAddress, gsize(buffer.count))!
        }
        defer { g_bytes_unref(gbytes) }
        try self.init(sharing: gbytes)
    }

    /// Opens another reader of bytes already in a `GBytes` (taking its own reference).
    private init(sharing gbytes: OpaquePointer) throws(PDFReadError) {
        var error: UnsafeMutablePointer<GError>?
        guard let document = poppler_document_new_from_bytes(gbytes, nil, &error) else {
            throw PDFDocument.readError(consuming: error)
        }
        if let error { g_error_free(error) }
        self.document = document
        self.gbytes = g_bytes_ref(gbytes)
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(document))
        g_bytes_unref(gbytes)
    }

    private static func readError(consuming error: UnsafeMutablePointer<GError>?) -> PDFReadError {
        guard let error else { return .damaged("unknown error") }
        defer { g_error_free(error) }
        let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
        if error.pointee.domain == poppler_error_quark() {
            switch Int(error.pointee.code) {
            case Int(POPPLER_ERROR_ENCRYPTED.rawValue): return .encrypted
            case Int(POPPLER_ERROR_DAMAGED.rawValue), Int(POPPLER_ERROR_BAD_CATALOG.rawValue), Int(POPPLER_ERROR_INVALID.rawValue):
                return .damaged(message)
            default: return .failed(code: Int(error.pointee.code), message: message)
            }
        }
        return .failed(code: Int(error.pointee.code), message: message)
    }

    /// Number of pages.
    public var pageCount: Int { Int(poppler_document_get_n_pages(document)) }

    /// Version, Info dictionary, XMP packet, `/ID` pair and linearization.
    public func metadata() -> PDFMetadata {
        var permanent: UnsafeMutablePointer<gchar>?
        var update: UnsafeMutablePointer<gchar>?
        var permanentID: String?
        var updateID: String?
        if poppler_document_get_id(document, &permanent, &update) != 0 {
            // poppler hands back 32 hex characters without a terminating NUL.
            permanentID = permanent.map { PDFDocument.fixedString($0, count: 32) }
            updateID = update.map { PDFDocument.fixedString($0, count: 32) }
        }
        g_free(permanent)
        g_free(update)
        return PDFMetadata(
            pageCount: pageCount,
            pdfVersion: Self.takeString(poppler_document_get_pdf_version_string(document)) ?? "",
            title: Self.takeString(poppler_document_get_title(document)),
            author: Self.takeString(poppler_document_get_author(document)),
            subject: Self.takeString(poppler_document_get_subject(document)),
            creator: Self.takeString(poppler_document_get_creator(document)),
            producer: Self.takeString(poppler_document_get_producer(document)),
            creationDate: Self.takeDate(poppler_document_get_creation_date_time(document)),
            modificationDate: Self.takeDate(poppler_document_get_modification_date_time(document)),
            xmp: Self.takeString(poppler_document_get_metadata(document)),
            permanentID: permanentID,
            updateID: updateID,
            isLinearized: poppler_document_is_linearized(document) != 0
        )
    }

    /// Every font the pages use.
    public func fonts() -> [PDFFontInfo] {
        guard let info = poppler_font_info_new(document) else { return [] }
        defer { poppler_font_info_free(info) }
        var fonts: [PDFFontInfo] = []
        var iterator: OpaquePointer?
        // One scan over all pages; poppler returns FALSE when there are no more fonts.
        guard poppler_font_info_scan(info, Int32(pageCount), &iterator) != 0, let iterator else { return [] }
        defer { poppler_fonts_iter_free(iterator) }
        repeat {
            let name =
                poppler_fonts_iter_get_name(iterator).map { String(cString: $0) }
                ?? poppler_fonts_iter_get_full_name(iterator).map { String(cString: $0) } ?? "(unnamed)"
            fonts.append(
                PDFFontInfo(
                    name: name,
                    type: Self.fontTypeName(poppler_fonts_iter_get_font_type(iterator)),
                    isEmbedded: poppler_fonts_iter_is_embedded(iterator) != 0,
                    isSubset: poppler_fonts_iter_is_subset(iterator) != 0
                )
            )
        } while poppler_fonts_iter_next(iterator) != 0
        return fonts
    }

    /// The positioned words and reading-order text of page `index` (0-based).
    public func page(at index: Int) -> PDFPageText? {
        guard index >= 0, index < pageCount, let page = poppler_document_get_page(document, Int32(index)) else {
            return nil
        }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        var width = 0.0
        var height = 0.0
        poppler_page_get_size(page, &width, &height)
        let text = Self.takeString(poppler_page_get_text(page)) ?? ""
        let words = Self.words(of: page, text: text)
        // Rendering the page to find its images costs a pass through its content: only a page
        // without text needs to be told apart (a scan or a blank page).
        let images = words.isEmpty ? Self.imageCount(of: page) : nil
        return PDFPageText(number: index + 1, width: width, height: height, words: words, text: text, imageCount: images)
    }

    /// The images a page paints, from `poppler_page_get_image_mapping` (transfer full: the
    /// list and its mappings are freed with `poppler_page_free_image_mapping`).
    private static func imageCount(of page: OpaquePointer) -> Int {
        guard let list = poppler_page_get_image_mapping(page) else { return 0 }
        defer { poppler_page_free_image_mapping(list) }
        return Int(g_list_length(list))
    }

    /// The text of the first `limit` pages (all pages when `nil`), in order.
    ///
    /// With `readers` above 1, a long document is read by that many poppler documents over
    /// the same bytes, each on its own thread, each taking the next unread page until none
    /// is left (so a reader on a busier core simply reads fewer pages).
    /// poppler documents must not be shared between threads, but separate documents may
    /// be used in parallel; the global parameters they share already exist because this
    /// document was opened first. Short documents are read on the calling thread: opening
    /// another reader costs more than their pages do.
    public func pages(limit: Int? = nil, readers: Int = 1) -> [PDFPageText] {
        let count = min(limit ?? pageCount, pageCount)
        let readers = max(1, min(readers, count / Self.minimumPagesPerReader))
        guard readers > 1 else { return (0..<count).compactMap { page(at: $0) } }

        var slots = [PDFPageText?](repeating: nil, count: count)
        slots.withUnsafeMutableBufferPointer { slotBuffer in
            // The atomic counter hands each page to exactly one reader, so the writes never
            // overlap; concurrentPerform returns after every reader has finished. A reader
            // that cannot open its document (memory) takes no page; this one always opens,
            // so the others' share falls to it.
            nonisolated(unsafe) let slots = slotBuffer
            nonisolated(unsafe) let first = self
            let gbytes = UInt(bitPattern: self.gbytes)
            let pages = IndexDealer(below: count)
            DispatchQueue.concurrentPerform(iterations: readers) { reader in
                guard let document = reader == 0 ? first : try? PDFDocument(sharing: OpaquePointer(bitPattern: gbytes)!)
                else { return }
                while let index = pages.take() { slots[index] = document.page(at: index) }
            }
        }
        return slots.compactMap { $0 }
    }

    /// Below this many pages per reader, more readers do not pay for opening the document again.
    static let minimumPagesPerReader = 8

    // MARK: Words from the text layout and attributes

    private struct Attribute {
        var start: Int
        var end: Int
        var fontName: String
        var fontSize: Double
        var color: PDFColor
    }

    /// Splits the page text into words and gives each the union of its characters'
    /// boxes (from `poppler_page_get_text_layout`, one rectangle per character) and the
    /// font of its first character (from `poppler_page_get_text_attributes`).
    private static func words(of page: OpaquePointer, text: String) -> [PDFWord] {
        var rectangles: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        guard poppler_page_get_text_layout(page, &rectangles, &count) != 0, let rectangles else { return [] }
        defer { g_free(rectangles) }

        var attributes: [Attribute] = []
        if let list = poppler_page_get_text_attributes(page) {
            var node: UnsafeMutablePointer<GList>? = list
            while let current = node {
                if let raw = current.pointee.data {
                    let attr = raw.assumingMemoryBound(to: PopplerTextAttributes.self).pointee
                    attributes.append(
                        Attribute(
                            start: Int(attr.start_index),
                            end: Int(attr.end_index),
                            fontName: attr.font_name.map { String(cString: $0) } ?? "",
                            fontSize: attr.font_size,
                            color: PDFColor(red: attr.color.red, green: attr.color.green, blue: attr.color.blue)
                        )
                    )
                }
                node = current.pointee.next
            }
            poppler_page_free_text_attributes(list)
        }

        let characters = Array(text.unicodeScalars)
        let n = min(characters.count, Int(count))
        var words: [PDFWord] = []
        var attributeIndex = 0
        // The word's UTF-8, turned into a String once per word rather than grown scalar by scalar.
        var current: [UInt8] = []
        current.reserveCapacity(64)
        var box: PDFRect?
        var wordAttribute: Attribute?
        var wordVertical = false
        var wordCharacters = 0
        var characterCounts: [Int] = []

        func rectangle(_ i: Int) -> PDFRect {
            let r = rectangles[i]
            return PDFRect(x0: min(r.x1, r.x2), y0: min(r.y1, r.y2), x1: max(r.x1, r.x2), y1: max(r.y1, r.y2))
        }

        func flush() {
            if let finished = box, !current.isEmpty {
                words.append(
                    PDFWord(
                        text: String(decoding: current, as: UTF8.self),
                        box: finished,
                        fontName: wordAttribute?.fontName ?? "",
                        fontSize: wordAttribute?.fontSize ?? 0,
                        color: wordAttribute?.color ?? PDFColor(red: 0, green: 0, blue: 0),
                        isUpright: !wordVertical
                    )
                )
                characterCounts.append(wordCharacters)
            }
            current.removeAll(keepingCapacity: true)
            box = nil
            wordAttribute = nil
            wordVertical = false
            wordCharacters = 0
        }

        for i in 0..<n {
            let scalar = characters[i]
            if Self.isWhitespace(scalar) {
                flush()
                continue
            }
            let rect = rectangle(i)
            // A character stacked on its neighbour in the text (same column, next line) belongs
            // to text turned by 90 degrees; the word split below makes each such character a word.
            if !wordVertical {
                for j in [i - 1, i + 1] where j >= 0 && j < n && !Self.isWhitespace(characters[j]) {
                    if Self.stacked(rect, rectangle(j)) { wordVertical = true }
                }
            }
            if let existing = box {
                // A jump back in x, a different line, or a gap wider than a space ends the word even
                // without a space character: poppler's reading-order text does not always put one
                // between table cells that sit far apart on one line.
                let lineHeight = max(existing.height, rect.height)
                if rect.x0 + 0.5 < existing.x0 || abs(rect.midY - existing.midY) > lineHeight * 0.6
                    || rect.x0 - existing.x1 > lineHeight * 0.3
                {
                    flush()
                }
            }
            if box == nil {
                while attributeIndex < attributes.count, attributes[attributeIndex].end < i { attributeIndex += 1 }
                if attributeIndex < attributes.count, attributes[attributeIndex].start <= i {
                    wordAttribute = attributes[attributeIndex]
                }
            }
            if scalar.isASCII {
                current.append(UInt8(scalar.value))
            } else {
                UTF8.encode(scalar) { current.append($0) }
            }
            wordCharacters += 1
            box = box.map { $0.union(rect) } ?? rect
        }
        flush()
        markTurned(&words, characterCounts: characterCounts)
        return words
    }

    // MARK: Orientation

    // poppler-glib reports no rotation, only one axis-aligned box per character. Upright text
    // has a telling shape there: the characters of one poppler word share the word's top and
    // bottom, so every word of one font and size on a page has exactly the same height (the
    // font's ascent to descent). Text at an angle is cut by poppler into short pieces whose
    // boxes grow taller than that the further they run; text turned by 90 degrees comes out
    // one character per line, each stacked on the next in the same column.

    /// Whether `b` sits directly above or below `a` in the same column: one character of a
    /// vertical run after the other.
    private static func stacked(_ a: PDFRect, _ b: PDFRect) -> Bool {
        abs(a.x0 - b.x0) < 0.5 && abs(a.x1 - b.x1) < 0.5 && a.height > 0 && b.height > 0
            && (abs(a.y0 - b.y1) < 1 || abs(a.y1 - b.y0) < 1)
    }

    /// Marks the words that are not upright: words taller than upright text of their font
    /// and size (a piece of slanted text), and the short pieces (one or two characters, whose
    /// own box cannot tell) of a style (font, size, colour) that mostly comes out turned.
    /// Longer words are judged by their own box only, so that a value typed upright in a
    /// style shared with turned text is never taken for turned.
    static func markTurned(_ words: inout [PDFWord], characterCounts: [Int]) {
        struct Style: Hashable {
            var font: String
            var size: Int
            var color: PDFColor
        }
        struct FontSize: Hashable {
            var font: String
            var size: Int
        }
        // The height upright words of a font and size have: the commonest, if at least three
        // words share it (pieces of slanted text scatter; single turned glyphs keep the font's
        // upright height, so a commonest height is never taller than the upright one).
        // Stacked glyphs (already marked) and boxes lower than any upright font's are left out.
        var heights: [FontSize: [Int: Int]] = [:]
        for word in words where word.isUpright && word.box.height >= word.fontSize * 0.7 {
            let key = FontSize(font: word.fontName, size: Int((word.fontSize * 10).rounded()))
            heights[key, default: [:]][Int((word.box.height * 10).rounded()), default: 0] += 1
        }
        func uprightHeight(_ word: PDFWord) -> Double {
            let key = FontSize(font: word.fontName, size: Int((word.fontSize * 10).rounded()))
            if let counts = heights[key], let (height, count) = counts.max(by: { $0.value < $1.value }),
                count >= 3
            {
                return Double(height) / 10
            }
            return word.fontSize * 1.3
        }
        // Taller than upright, and by a slope a reader sees (over 1 in 10, about 6 degrees): a
        // value typed with a slight tilt is still upright text, not a stamp.
        for index in words.indices where words[index].isUpright && words[index].fontSize > 0 {
            let nominal = uprightHeight(words[index])
            let excess = words[index].box.height - nominal
            if excess > nominal * 0.12 + 0.2, excess > words[index].box.width * 0.1 { words[index].isUpright = false }
        }
        var turned: [Style: (turned: Int, all: Int)] = [:]
        for word in words {
            let style = Style(font: word.fontName, size: Int((word.fontSize * 10).rounded()), color: word.color)
            turned[style, default: (0, 0)].all += 1
            if !word.isUpright { turned[style, default: (0, 0)].turned += 1 }
        }
        for index in words.indices where words[index].isUpright && characterCounts[index] <= 2 {
            let word = words[index]
            let style = Style(font: word.fontName, size: Int((word.fontSize * 10).rounded()), color: word.color)
            if let count = turned[style], count.turned >= 2, count.turned * 3 >= count.all { words[index].isUpright = false }
        }
    }

    /// Unicode whitespace, with the answer for ASCII (nearly every character) worked out
    /// without a lookup in the Unicode property tables.
    @inline(__always)
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value == 0x20 || (scalar.value >= 0x09 && scalar.value <= 0x0D) }
        return scalar.properties.isWhitespace
    }

    // MARK: Ownership helpers

    /// Takes a transfer-full `gchar*`, returns it as a String and frees it.
    private static func takeString(_ pointer: UnsafeMutablePointer<gchar>?) -> String? {
        guard let pointer else { return nil }
        defer { g_free(pointer) }
        return String(cString: pointer)
    }

    private static func fixedString(_ pointer: UnsafeMutablePointer<gchar>, count: Int) -> String {
        let bytes = UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self)
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Takes a transfer-full `GDateTime*`, returns it as a Date and unreferences it.
    private static func takeDate(_ pointer: OpaquePointer?) -> Date? {
        guard let pointer else { return nil }
        defer { g_date_time_unref(pointer) }
        return Date(timeIntervalSince1970: TimeInterval(g_date_time_to_unix(pointer)))
    }

    private static func fontTypeName(_ type: PopplerFontType) -> String {
        switch type {
        case POPPLER_FONT_TYPE_TYPE1: "Type1"
        case POPPLER_FONT_TYPE_TYPE1C: "Type1C"
        case POPPLER_FONT_TYPE_TYPE1COT: "Type1C (OT)"
        case POPPLER_FONT_TYPE_TYPE3: "Type3"
        case POPPLER_FONT_TYPE_TRUETYPE: "TrueType"
        case POPPLER_FONT_TYPE_TRUETYPEOT: "TrueType (OT)"
        case POPPLER_FONT_TYPE_CID_TYPE0: "CID Type0"
        case POPPLER_FONT_TYPE_CID_TYPE0C: "CID Type0C"
        case POPPLER_FONT_TYPE_CID_TYPE0COT: "CID Type0C (OT)"
        case POPPLER_FONT_TYPE_CID_TYPE2: "CID TrueType"
        case POPPLER_FONT_TYPE_CID_TYPE2OT: "CID TrueType (OT)"
        default: "unknown"
        }
    }
}

/// Silences poppler's own diagnostics on stderr (they can carry document text) for the
/// whole process. Call once at start-up in processes that open documents.
public enum PopplerDiagnostics {
    public static func silence() {
        g_log_set_default_handler({ _, _, _, _ in }, nil)
    }
}
