/// Says what an object is from its dictionary (see ``PDFObjectKinds``), in one pass
/// over the dictionary's keys.
enum ObjectClassifier {
    static func kinds(of node: PDFNode, isStream: Bool) -> PDFObjectKinds {
        guard let dictionary = node.dictionary else { return isStream ? [.stream] : [] }
        var type: String?
        var subtype: String?
        var hasByteRange = false
        var hasContents = false
        var hasInfoKey = false
        var hasNonContentKey = false
        var kinds: PDFObjectKinds = isStream ? [.stream] : []
        for entry in dictionary.entries {
            let value = entry.node
            switch entry.key {
            case "Type":
                if case .name(let name) = value.value { type = name } else { type = nil }
            case "Subtype":
                if case .name(let name) = value.value { subtype = name } else { subtype = nil }
            case "ByteRange": hasByteRange = true
            case "Contents": hasContents = true
            case "Fields": kinds.insert(.acroForm)
            case "VRI": kinds.insert(.dss)
            // A catalog holding its document security store directly (`/DSS << /Certs [...] >>`,
            // no `/Type`): the DSS is part of this object.
            case "DSS":
                if case .dictionary = value.value { kinds.insert(.dss) }
            // A DSS written without `/Type` or `/VRI` (ISO 32000-2 §12.8.4.3): its arrays.
            case "Certs", "OCSPs", "CRLs":
                if !isStream, case .array = value.value { kinds.insert(.dss) }
            case "Length1", "Length2", "Length3":
                hasNonContentKey = true
                if isStream { kinds.insert(.fontFile) }
            // Keys that mark a stream without /Type or /Subtype as something other than
            // content: ICC profiles, functions, shadings, CMaps, images.
            case "N", "FunctionType", "ShadingType", "CMapName", "Width", "BitsPerComponent":
                hasNonContentKey = true
            // Keys of the document information dictionary.
            case "Producer", "Creator", "CreationDate", "ModDate", "Author", "Title", "Subject", "Keywords":
                hasInfoKey = true
            default:
                break
            }
        }
        switch type {
        case "Catalog"?: kinds.insert(.catalog)
        case "Pages"?: kinds.insert(.pages)
        case "Page"?: kinds.insert(.page)
        case "Font"?: kinds.insert(.font)
        case "FontDescriptor"?: kinds.insert(.fontDescriptor)
        case "Metadata"?: kinds.insert(.metadata)
        case "Sig"?, "DocTimeStamp"?: kinds.insert(.signature)
        case "Annot"?: kinds.insert(.annotation)
        case "XRef"?: kinds.insert(.xrefStream)
        case "ObjStm"?: kinds.insert(.objectStream)
        case "DSS"?: kinds.insert(.dss)
        case "EmbeddedFile"?: kinds.insert(.embeddedFile)
        default: break
        }
        switch subtype {
        case "Image"?: kinds.insert(.image)
        case "Form"? where isStream: kinds.insert(.formXObject)
        case "XML"?: kinds.insert(.metadata)
        case "Type1C"?, "CIDFontType0C"?, "OpenType"?: kinds.insert(.fontFile)
        case let subtype? where type == nil || type == "Annot":
            if annotationSubtypes.contains(subtype) { kinds.insert(.annotation) }
        default: break
        }
        if hasByteRange, hasContents { kinds.insert(.signature) }
        if type == nil, !isStream, hasInfoKey { kinds.insert(.info) }
        if isStream, type == nil, subtype == nil, !hasNonContentKey { kinds.insert(.contentStream) }
        return kinds
    }

    /// Annotation subtypes (ISO 32000-2 §12.5.6), for annotations written without `/Type`.
    private static let annotationSubtypes: Set<String> = [
        "Text", "Link", "FreeText", "Line", "Square", "Circle", "Polygon", "PolyLine", "Highlight", "Underline",
        "Squiggly", "StrikeOut", "Caret", "Stamp", "Ink", "Popup", "FileAttachment", "Sound", "Movie", "Screen",
        "Widget", "PrinterMark", "TrapNet", "Watermark", "3D", "Redact", "Projection", "RichMedia",
    ]
}
