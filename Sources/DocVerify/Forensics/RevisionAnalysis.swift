internal import DocPDF

/// What each incremental update of a file changed, from the structure scanner's revisions.
///
/// The original is the first revision, or the first two for a linearized file (its
/// first-page cross-reference ends in `%%EOF` too, ISO 32000-1 Annex F; reference §3.1).
/// An update that adds a signature (or a document time stamp) is not a content revision
/// unless it also replaces a page's content stream: its appearance streams and fonts
/// belong to the signature widget. An update that only adds long-term validation data
/// (`sesame-report.md`, "Signature", item 1) is checked object by object: a DSS (its own
/// object or directly in the catalog), VRI dictionaries, the catalog, and streams that are
/// neither page content nor fonts, images or form XObjects (its certificates, OCSP
/// responses and CRLs); anything else makes it an ordinary update.
struct RevisionAnalysis: Sendable {
    enum Change: String, Sendable {
        /// Page content, fonts, images or form XObjects.
        case content
        /// Only the Info dictionary or the XMP stream (and the catalog pointing at it).
        case metadataOnly = "metadata-only"
        /// A signature or document time stamp (with its widget and appearance, and any DSS).
        case signature
        /// Only long-term validation data: a DSS with its certificate, OCSP and CRL streams.
        case validationData = "validation-data"
        /// Anything else: annotations without appearance, form fields, an empty save.
        case other
    }

    struct Update: Sendable {
        /// Index in ``PDFStructure/revisions``.
        var revision: Int
        var change: Change
        /// The kinds of objects it defines, for evidence.
        var kinds: [String]
        var objectCount: Int
    }

    var updates: [Update]
    var linearized: Bool
    /// How many revisions make up the original file (1, or 2 when linearized).
    var originalRevisions: Int

    static let contentKinds: PDFObjectKinds = [.contentStream, .font, .fontDescriptor, .fontFile, .image, .formXObject]
    static let metadataKinds: PDFObjectKinds = [.info, .metadata, .catalog, .xrefStream, .objectStream, .stream]
    /// What a validation-data update may define besides unreferenced streams.
    static let validationKinds: PDFObjectKinds = [.dss, .catalog, .xrefStream, .objectStream, .stream, .contentStream]

    static func analyse(_ structure: PDFStructure, bytes: [UInt8]) -> RevisionAnalysis {
        let revisions = structure.revisions
        let linearized = structure.linearized != nil && revisions.count >= 2
        let base = linearized ? 2 : 1
        // Every object any page names as its /Contents, and each page's /Contents per definition.
        var contentRefs = Set<Int>()
        var pageContents: [Int: [[Int]]] = [:]
        for revision in revisions {
            for object in revision.objects where object.kinds.contains(.page) && object.objectStreamNumber == nil {
                let refs = PageContents.references(in: bytes, objectAt: object.offset)
                contentRefs.formUnion(refs)
                pageContents[object.ref.number, default: []].append(refs)
            }
        }
        var seenPageDefinitions: [Int: Int] = [:]
        var updates: [Update] = []
        for (index, revision) in revisions.enumerated() {
            let pagesHere = revision.objects.filter { $0.kinds.contains(.page) }
            defer {
                for page in pagesHere { seenPageDefinitions[page.ref.number, default: 0] += 1 }
            }
            guard index >= base else { continue }
            if revision.objects.isEmpty && revision.eofOffset == nil { continue }
            var kinds: PDFObjectKinds = []
            for object in revision.objects { kinds.formUnion(object.kinds) }
            let isSignature = kinds.contains(.signature)
            let isValidationData = kinds.contains(.dss) && revision.objects.allSatisfy { validationKinds.isSuperset(of: $0.kinds) }
            // A catalog that holds its DSS directly carries it into every later rewrite.
            let otherKinds = kinds.subtracting(.dss)
            let replacesContentStream = revision.objects.contains {
                contentRefs.contains($0.ref.number) && !$0.kinds.contains(.page)
            }
            // A page redefined with other /Contents than its previous definition.
            var repointsContents = false
            var pageInObjectStream = false
            for page in pagesHere {
                if page.objectStreamNumber != nil {
                    pageInObjectStream = true
                    continue
                }
                let definitions = pageContents[page.ref.number] ?? []
                let seen = seenPageDefinitions[page.ref.number] ?? 0
                if seen > 0, seen < definitions.count, definitions[seen] != definitions[seen - 1] { repointsContents = true }
            }
            let change: Change
            if replacesContentStream || repointsContents {
                change = .content
            } else if isSignature {
                change = .signature
            } else if isValidationData {
                change = .validationData
            } else if !otherKinds.intersection(contentKinds).isEmpty || pageInObjectStream {
                change = .content
            } else if !revision.objects.isEmpty, metadataKinds.isSuperset(of: otherKinds),
                !otherKinds.intersection([.info, .metadata]).isEmpty
            {
                change = .metadataOnly
            } else {
                change = .other
            }
            updates.append(Update(revision: index, change: change, kinds: names(kinds), objectCount: revision.objects.count))
        }
        return RevisionAnalysis(updates: updates, linearized: linearized, originalRevisions: min(base, revisions.count))
    }

    static func names(_ kinds: PDFObjectKinds) -> [String] {
        let all: [(PDFObjectKinds, String)] = [
            (.catalog, "catalog"), (.pages, "pages"), (.page, "page"), (.font, "font"), (.fontDescriptor, "fontDescriptor"),
            (.fontFile, "fontFile"), (.image, "image"), (.formXObject, "formXObject"), (.metadata, "xmp"),
            (.signature, "signature"), (.annotation, "annotation"), (.acroForm, "acroForm"), (.info, "info"), (.dss, "dss"),
            (.embeddedFile, "embeddedFile"), (.contentStream, "contentStream"),
        ]
        return all.filter { kinds.contains($0.0) }.map(\.1)
    }
}

/// Reads a page object's `/Contents` references straight from the file's bytes.
enum PageContents {
    /// The object numbers `/Contents` names (`12 0 R` or `[12 0 R 13 0 R]`) in the object at `offset`.
    static func references(in bytes: [UInt8], objectAt offset: Int) -> [Int] {
        let limit = min(bytes.count, offset + 65_536)
        guard offset >= 0, offset < limit else { return [] }
        let key = Array("/Contents".utf8)
        let end = Array("endobj".utf8)
        var i = offset
        while i + key.count <= limit {
            if bytes[i] == 0x65, matches(end, bytes, i) { return [] }
            if bytes[i] == 0x2F, matches(key, bytes, i) {
                let after = i + key.count
                if after < limit, isRegular(bytes[after]) {
                    i += 1
                    continue
                }
                return parseRefs(bytes, from: after, limit: limit)
            }
            i += 1
        }
        return []
    }

    private static func matches(_ needle: [UInt8], _ bytes: [UInt8], _ at: Int) -> Bool {
        guard at + needle.count <= bytes.count else { return false }
        for k in 0..<needle.count where bytes[at + k] != needle[k] { return false }
        return true
    }

    private static func isRegular(_ b: UInt8) -> Bool {
        !(b == 0 || b == 9 || b == 10 || b == 12 || b == 13 || b == 32) && !"()<>[]{}/%".utf8.contains(b)
    }

    /// `N G R` triples after `from`, inside one array or a single one.
    private static func parseRefs(_ bytes: [UInt8], from: Int, limit: Int) -> [Int] {
        var tokens: [String] = []
        var i = from
        var inArray = false
        var current = ""
        func flush() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
        }
        while i < limit {
            let b = bytes[i]
            if b == 0x5B {
                inArray = true
            } else if b == 0x5D || b == 0x2F || b == 0x3E {
                flush()
                break
            } else if isRegular(b) {
                current.append(Character(UnicodeScalar(b)))
            } else {
                flush()
                if !inArray, tokens.count >= 3 { break }
            }
            i += 1
        }
        flush()
        var refs: [Int] = []
        var k = 0
        while k + 2 < tokens.count {
            if tokens[k + 2] == "R", let n = Int(tokens[k]), Int(tokens[k + 1]) != nil {
                refs.append(n)
                k += 3
            } else {
                k += 1
            }
        }
        return refs
    }
}
