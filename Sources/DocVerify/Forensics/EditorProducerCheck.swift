internal import DocPDF

/// `EDITOR_PRODUCER`: the Producer or Creator (Info dictionary or XMP `pdf:Producer`,
/// `xmp:CreatorTool`, history `stEvt:softwareAgent`) names an image editor, a PDF editor
/// or online converter, or an office suite. Image editors weigh most: a statement that
/// went through Photoshop was a picture someone worked on.
enum EditorProducerCheck: ForensicCheck {
    enum Family: String, Sendable {
        case imageEditor = "image editor"
        case pdfEditor = "PDF editor or online converter"
        case office = "office suite"
    }

    /// Lower-case substrings, most specific first.
    static let tools: [(needle: String, name: String, family: Family)] = [
        ("photoshop", "Adobe Photoshop", .imageEditor), ("gimp", "GIMP", .imageEditor), ("canva", "Canva", .imageEditor),
        ("paint.net", "Paint.NET", .imageEditor), ("pixelmator", "Pixelmator", .imageEditor),
        ("affinity photo", "Affinity Photo", .imageEditor), ("paintshop", "PaintShop", .imageEditor),
        ("inkscape", "Inkscape", .imageEditor), ("illustrator", "Adobe Illustrator", .imageEditor),
        ("ilovepdf", "iLovePDF", .pdfEditor), ("smallpdf", "Smallpdf", .pdfEditor), ("sejda", "Sejda", .pdfEditor),
        ("pdfescape", "PDFescape", .pdfEditor), ("pdf-xchange", "PDF-XChange", .pdfEditor), ("foxit", "Foxit", .pdfEditor),
        ("nitro", "Nitro", .pdfEditor), ("pdfelement", "PDFelement", .pdfEditor), ("wondershare", "Wondershare", .pdfEditor),
        ("pdffiller", "pdfFiller", .pdfEditor), ("dochub", "DocHub", .pdfEditor), ("pdf candy", "PDF Candy", .pdfEditor),
        ("soda pdf", "Soda PDF", .pdfEditor), ("sodapdf", "Soda PDF", .pdfEditor), ("pdf24", "PDF24", .pdfEditor),
        ("pdf2go", "PDF2Go", .pdfEditor), ("paper capture", "Adobe Acrobat Paper Capture", .pdfEditor),
        ("acrobat pro", "Adobe Acrobat Pro", .pdfEditor), ("acrobat standard", "Adobe Acrobat Standard", .pdfEditor),
        ("microsoft® word", "Microsoft Word", .office), ("microsoft word", "Microsoft Word", .office),
        ("word for microsoft 365", "Microsoft Word", .office), ("microsoft® excel", "Microsoft Excel", .office),
        ("microsoft excel", "Microsoft Excel", .office), ("print to pdf", "Microsoft Print to PDF", .office),
        ("wps", "WPS Office", .office), ("libreoffice", "LibreOffice", .office), ("openoffice", "OpenOffice", .office),
    ]

    static func run(_ input: ForensicInput) -> [Finding] {
        var sources: [(String, String)] = []
        if let producer = input.metadata.producer { sources.append(("Producer", producer)) }
        if let creator = input.metadata.creator { sources.append(("Creator", creator)) }
        if let xmp = input.metadata.xmp {
            for tag in ["pdf:Producer", "xmp:CreatorTool", "stEvt:softwareAgent"] {
                for value in XMPValues.values(of: tag, in: xmp) { sources.append(("XMP " + tag, value)) }
            }
        }
        var hits: [(field: String, value: String, name: String, family: Family)] = []
        for (field, value) in sources {
            let lowered = value.lowercased()
            if let tool = tools.first(where: { lowered.contains($0.needle) }), !hits.contains(where: { $0.name == tool.name }) {
                hits.append((field, value, tool.name, tool.family))
            }
        }
        guard !hits.isEmpty else { return [] }
        let worst = hits.first { $0.family == .imageEditor } ?? hits.first { $0.family == .pdfEditor } ?? hits[0]
        let weight =
            worst.family == .imageEditor
            ? " An image editor weighs most: the document was worked on as a picture."
            : ""
        return [
            Finding(
                .editorProducer,
                "The \(worst.field) names \(worst.name), an \(worst.family.rawValue), not a bank's or issuer's system.\(weight)",
                evidence: [
                    "tools": .array(hits.map { .string($0.name) }), "family": .string(worst.family.rawValue),
                    "field": .string(worst.field), "value": .string(String(worst.value.prefix(120))),
                    "imageEditor": .bool(hits.contains { $0.family == .imageEditor }),
                ]
            )
        ]
    }
}

/// Element or attribute values of one XMP property, without an XML parser: enough for
/// the simple properties the checks read.
enum XMPValues {
    static func values(of tag: String, in xmp: String) -> [String] {
        var out: [String] = []
        // <tag>value</tag>
        var rest = Substring(xmp)
        while let open = rest.range(of: "<\(tag)>") {
            guard let close = rest[open.upperBound...].range(of: "</\(tag)>") else { break }
            let value = rest[open.upperBound..<close.lowerBound]
            if !value.contains("<") { out.append(String(value)) } else { out.append(contentsOf: liValues(value)) }
            rest = rest[close.upperBound...]
        }
        // tag="value"
        rest = Substring(xmp)
        while let attr = rest.range(of: "\(tag)=\"") {
            guard let end = rest[attr.upperBound...].firstIndex(of: "\"") else { break }
            out.append(String(rest[attr.upperBound..<end]))
            rest = rest[end...]
        }
        return out.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    private static func liValues(_ text: Substring) -> [String] {
        var out: [String] = []
        var rest = text
        while let open = rest.range(of: "<rdf:li"), let gt = rest[open.upperBound...].firstIndex(of: ">"),
            let close = rest[gt...].range(of: "</rdf:li>")
        {
            out.append(String(rest[rest.index(after: gt)..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return out
    }
}

internal import Foundation
