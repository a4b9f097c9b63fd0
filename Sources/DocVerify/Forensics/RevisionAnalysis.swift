internal import DocPDF

/// What each incremental update of a file changed, from the structure scanner's revisions.
///
/// The original is the first revision, or the first two for a linearized file (its
/// first-page cross-reference ends in `%%EOF` too, ISO 32000-1 Annex F;
/// `docs/bank-statement.md`, "Revisions").
/// Each later update is reviewed object by object (``UpdateReview``, after pyHanko's
/// difference analysis): it changes page content when it replaces a content stream, points
/// a page at other `/Contents`, changes a page in any other way than adding annotations,
/// adds an annotation other than a widget, or defines a font, image, form XObject or
/// content stream that no widget appearance explains. Otherwise it only adds long-term
/// validation data (`docs/sesame-report.md`, "Long-term validation"), a signature, or form-field
/// values and appearances (a person compares those with the signed revision).
struct RevisionAnalysis: Sendable {
    enum Change: String, Sendable {
        /// Page content, fonts, images or form XObjects.
        case content
        /// Only the Info dictionary or the XMP stream (and the catalog pointing at it).
        case metadataOnly = "metadata-only"
        /// A signature (with its field, widget and appearance).
        case signature
        /// Form fields and widgets: values and appearances changed or added, no signature.
        case formFields = "form-fields"
        /// Only long-term validation data: a DSS with its certificate, OCSP and CRL streams,
        /// document timestamps with invisible fields (``UpdateReview``).
        case validationData = "validation-data"
        /// Anything else: an empty save, objects nothing explains.
        case other
    }

    struct Update: Sendable {
        /// Index in ``PDFStructure/revisions``.
        var revision: Int
        var change: Change
        /// The kinds of objects it defines, for evidence.
        var kinds: [String]
        var objectCount: Int
        /// What makes it more than validation data (at most a few, for evidence).
        var reasons: [String] = []
        /// Document timestamps it adds.
        var documentTimestamps = 0
        /// It only adds signatures (their fields, widgets and appearances), beside long-term
        /// validation data: a later signer's revision (``UpdateReview/signaturesOnly``).
        var signaturesOnly = false
        /// The signature dictionaries it adds (object numbers) and their widgets.
        var addedSignatures: [Int] = []
        var signatureWidgets: [UpdateReview.SignatureWidget] = []
    }

    var updates: [Update]
    var linearized: Bool
    /// How many revisions make up the original file (1, or 2 when linearized).
    var originalRevisions: Int

    static let contentKinds: PDFObjectKinds = [.contentStream, .font, .fontDescriptor, .fontFile, .image, .formXObject]
    static let metadataKinds: PDFObjectKinds = [.info, .metadata, .catalog, .xrefStream, .objectStream, .stream]

    /// Whether every update after revision `index` only adds long-term validation data.
    func onlyValidationData(after index: Int) -> Bool {
        updates.allSatisfy { $0.revision <= index || $0.change == .validationData }
    }

    /// The updates after revision `index` when each only adds long-term validation data or
    /// signatures and at least one adds a signature; `nil` otherwise.
    func onlySignaturesAndValidationData(after index: Int) -> [Update]? {
        let later = updates.filter { $0.revision > index }
        guard later.contains(where: \.signaturesOnly),
            later.allSatisfy({ $0.change == .validationData || $0.signaturesOnly })
        else { return nil }
        return later
    }

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
        var reader = PDFObjectReader(bytes: bytes, structure: structure)
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
            let replacesContentStream = revision.objects.contains {
                contentRefs.contains($0.ref.number) && !$0.kinds.contains(.page)
            }
            // A page redefined with other /Contents than its previous definition.
            var repointsContents = false
            for page in pagesHere where page.objectStreamNumber == nil {
                let definitions = pageContents[page.ref.number] ?? []
                let seen = seenPageDefinitions[page.ref.number] ?? 0
                if seen > 0, seen < definitions.count, definitions[seen] != definitions[seen - 1] { repointsContents = true }
            }
            let review = UpdateReview.review(revision: index, structure: structure, reader: &reader, contentRefs: contentRefs)
            let otherKinds = kinds.subtracting(.dss)
            let change: Change
            var reasons: [String] = []
            for reason in review.contentChanges + review.refused where !reasons.contains(reason) { reasons.append(reason) }
            if replacesContentStream || repointsContents || !review.contentChanges.isEmpty {
                change = .content
                if replacesContentStream || repointsContents { reasons.insert("a page's content stream replaced", at: 0) }
            } else if review.validationDataOnly {
                change = .validationData
            } else if review.addsSignature || kinds.contains(.signature) {
                change = .signature
            } else if review.formFieldChanges {
                change = .formFields
            } else if !revision.objects.isEmpty, metadataKinds.isSuperset(of: otherKinds),
                !otherKinds.intersection([.info, .metadata]).isEmpty
            {
                change = .metadataOnly
            } else {
                change = .other
            }
            updates.append(
                Update(
                    revision: index, change: change, kinds: names(kinds), objectCount: revision.objects.count,
                    reasons: [.content, .other].contains(change) ? Array(reasons.prefix(5)) : [],
                    documentTimestamps: review.documentTimestamps,
                    signaturesOnly: change == .signature && review.signaturesOnly,
                    addedSignatures: review.addedSignatures, signatureWidgets: review.signatureWidgets
                )
            )
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
