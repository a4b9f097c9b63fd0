internal import DocCrypto
internal import DocPDF

/// The second exception to "a signature followed by later revisions is `warn`" (`verdict.md`),
/// for documents other than Sesame reports (a report carries exactly one signature): a
/// document signed by several people, each in a revision of their own (PAdES files from DSS
/// and pyHanko; pyHanko calls it FORM_FILLING). The earlier signature is then recorded
/// (`SIG_LATER_SIGNATURE`, info) when every later revision
/// - only adds validation data (``LTVCoverage``'s allow-list), or only adds signatures: the
///   new signature dictionary, its field and widget with their appearance, the page's
///   `/Annots` and the form's `/Fields` (``UpdateReview/signaturesOnly``), nothing else;
/// - and each signature so added is intact and its signer chains to the trust store: a
///   signature anyone can make (self-signed, untrusted) proves no second signer, only a change
///   (an earlier signature's dictionary replayed under a new object is not intact: its gap is
///   not its own `/Contents`, ``ByteRangeCheck``; so an intact one signs the revision adding it);
/// - and each visible widget of those signatures covers no page content (a shadow attack hides
///   or overwrites what the first signer signed under a "signature" appearance): on an
///   unrotated page whose boxes start at the origin, at most ``maxPageShare`` of the page, and
///   over none of the words poppler reads on that page as the revision before it shows it.
///
/// Otherwise the earlier signature stays `SIG_UPDATED_AFTER_SIGNING` (warn), as before.
enum LaterSignatureCoverage {
    /// The largest share of its page a later signature's visible widget may take.
    static let maxPageShare = 0.1

    /// The later signatures (reports among `reports`) that, with validation data, are all that
    /// follows `report`'s signed revision; `nil` when anything else follows, or one of them is
    /// not intact and trusted, or a widget of theirs covers page content.
    static func laterSignatures(
        after report: SignatureReport, among reports: [SignatureReport], context: AnalysisContext, revisions: inout RevisionAnalysis?
    ) -> [SignatureReport]? {
        guard report.updatedAfterSigning, report.isIntact, let index = report.signedRevision,
            let analysis = LTVCoverage.laterRevisionsReview(after: index, context: context, revisions: &revisions),
            let updates = analysis.onlySignaturesAndValidationData(after: index)
        else { return nil }
        var signers: [SignatureReport] = []
        for update in updates where update.signaturesOnly {
            for object in update.addedSignatures {
                guard let later = reports.first(where: { $0.objectNumber == object }), later.isIntact,
                    later.cms?.isValidAndTrusted == true
                else { return nil }
                signers.append(later)
            }
            for widget in update.signatureWidgets where !widget.invisible {
                guard !covers(widget, addedIn: update.revision, context: context) else { return nil }
            }
        }
        return signers.isEmpty ? nil : signers
    }

    /// Whether a visible widget added in revision `revision` may cover what the page showed
    /// before: too large, over its words, or on a page whose geometry is not checked here.
    static func covers(_ widget: UpdateReview.SignatureWidget, addedIn revision: Int, context: AnalysisContext) -> Bool {
        let before = revision - 1
        guard let rect = widget.rect, rect.count == 4, let pageObject = widget.page, before >= 0 else { return true }
        var reader = PDFObjectReader(bytes: context.bytes, structure: context.structure)
        guard let pageIndex = PageTree.index(of: pageObject, reader: &reader, revision: before, structure: context.structure),
            let page = reader.object(pageObject, asOf: before)?.value.dictionary,
            let mediaBox = UpdateReview.numbers(PageTree.inherited("MediaBox", page: page, reader: &reader, revision: before)),
            mediaBox.count == 4
        else { return true }
        let cropBox = UpdateReview.numbers(PageTree.inherited("CropBox", page: page, reader: &reader, revision: before)) ?? mediaBox
        let rotate = PageTree.inherited("Rotate", page: page, reader: &reader, revision: before)
        // Poppler's word boxes are in the rotated, cropped page's coordinates from its top left:
        // only the plain case is compared here; any other page keeps the warning.
        guard mediaBox[0] == 0, mediaBox[1] == 0, cropBox == mediaBox, rotate == nil || rotate == .integer(0) else { return true }
        let (x0, x1) = (min(rect[0], rect[2]), max(rect[0], rect[2]))
        let (y0, y1) = (min(rect[1], rect[3]), max(rect[1], rect[3]))
        let width = mediaBox[2], height = mediaBox[3]
        guard width > 0, height > 0, (x1 - x0) * (y1 - y0) <= maxPageShare * width * height else { return true }
        // The words as the revision before the widget shows them (the page is unchanged since, or
        // the revision would not be a signature's only): poppler draws widget appearances as text
        // too, so the final file would count the signature's own words.
        let shown = Array(context.bytes[..<context.structure.revisions[before].span.upperBound])
        guard let document = try? PDFDocument(bytes: shown), let text = document.page(at: pageIndex) else { return true }
        let top = height - y1, bottom = height - y0
        return text.words.contains { word in
            word.box.x0 < x1 && word.box.x1 > x0 && word.box.y0 < bottom && word.box.y1 > top
        }
    }

    /// `SIG_LATER_SIGNATURE` for one signature.
    static func finding(_ report: SignatureReport, later: [SignatureReport], label: String, evidence: [String: FieldValue]) -> Finding {
        var evidence = evidence
        evidence["laterSignatures"] = .array(later.map { .int($0.index) })
        let names = later.map { signature in
            "signature \(signature.index)" + (signature.cms?.signer.map { " by \"\($0.displayName)\"" } ?? "")
        }
        return Finding(
            .sigLaterSignature,
            sentence(
                label,
                "the revisions after the signed one only add \(names.joined(separator: ", ")) (intact, from a signer in the trust store, "
                    + "its widget over no page content) and long-term validation data, checked object by object: not a change after signing."
            ),
            evidence: evidence
        )
    }
}

/// Where a page object sits in the page tree, and the attributes it inherits.
enum PageTree {
    /// The 0-based position of page object `page` in the page tree as of `revision`.
    static func index(of page: Int, reader: inout PDFObjectReader, revision: Int, structure: PDFStructure) -> Int? {
        guard let root = structure.revisions[...revision].last(where: { $0.trailer?.root != nil })?.trailer?.root,
            let catalog = reader.object(root.number, asOf: revision)?.value.dictionary,
            let pages = catalog["Pages"]?.reference
        else { return nil }
        var order = 0
        var pending = [pages.number]
        var seen = Set<Int>()
        while let next = pending.popLast() {
            guard seen.insert(next).inserted, seen.count < 100_000,
                let node = reader.object(next, asOf: revision)?.value.dictionary
            else { continue }
            if let kids = reader.resolve(node["Kids"], asOf: revision)?.array, node["Type"]?.name != "Page" {
                // Depth first, in order: the last kid is popped last.
                pending += kids.compactMap(\.reference?.number).reversed()
            } else {
                if next == page { return order }
                order += 1
            }
        }
        return nil
    }

    /// A page attribute, from the page or the nearest `/Parent` that has it (ISO 32000-1 §7.7.3.4).
    static func inherited(_ key: String, page: [String: PDFObject], reader: inout PDFObjectReader, revision: Int) -> PDFObject? {
        var node = page
        for _ in 0..<32 {
            if let value = node[key] { return reader.resolve(value, asOf: revision) }
            guard let parent = reader.resolve(node["Parent"], asOf: revision)?.dictionary else { return nil }
            node = parent
        }
        return nil
    }
}
