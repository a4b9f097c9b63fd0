internal import DocPDF

/// What one incremental update does, object by object, against the state of the file
/// before it (the model is pyHanko's difference analysis: `DEFAULT_DIFF_POLICY`, its
/// `LTA_UPDATES` level and `DSSCompareRule`).
///
/// Every object the update defines is explained by one role, or it is not:
/// - **long-term validation data** (`docs/sesame-report.md`, "Long-term validation"): the catalog
///   changing only `/DSS`, `/Extensions` (and `/AcroForm`, `/Metadata`); the DSS, its VRI
///   dictionaries, its arrays and the certificate, OCSP and CRL streams they name; a
///   document timestamp (`/Type /DocTimeStamp` or `/SubFilter /ETSI.RFC3161`) with its
///   field and an invisible widget (zero-area `/Rect` or hidden), an appearance stream
///   without resources, the `/AcroForm /Fields` and page `/Annots` entries that add it;
///   fonts added under new names to the form's `/DR` (and its `/DA` changed) when every
///   field of the form is a signature field, so no viewer draws with them (Adobe adds them
///   with its document timestamps);
///   the Info dictionary and the XMP stream (pyHanko's `DocInfoRule`, `MetadataUpdateRule`);
///   cross-reference and object streams; objects redefined identically; new objects
///   nothing references (orphans).
/// - **signing and form filling**: a signature dictionary, form fields and widgets whose
///   value or appearance changes, and the appearance streams, fonts and images those
///   widgets' appearances use.
/// - **page content**: a page redefined with anything else than more `/Annots`, an
///   annotation other than a widget, and any font, image, form XObject or content
///   stream no widget appearance explains.
struct UpdateReview: Sendable {
    /// Every object is long-term validation data.
    var validationDataOnly: Bool { carriesValidationData && refused.isEmpty && contentChanges.isEmpty }
    /// The update adds or changes a DSS or a document timestamp (an Info-only save is metadata).
    var carriesValidationData = false
    /// Why objects are not long-term validation data (`"object 21: font"`).
    var refused: [String] = []
    /// Page content changes (`"object 5 (page): /Resources changed"`).
    var contentChanges: [String] = []
    /// A signature dictionary other than a document timestamp.
    var addsSignature = false
    var documentTimestamps = 0
    /// Form fields or widgets changed (values, appearances) or added.
    var formFieldChanges = false

    static let dssKeys: Set<String> = ["Type", "VRI", "Certs", "OCSPs", "CRLs"]
    static let vriKeys: Set<String> = ["Type", "Cert", "OCSP", "CRL", "TU", "TS"]
    /// Catalog keys a validation-data update may change.
    static let catalogLTVKeys: Set<String> = ["DSS", "Extensions", "AcroForm", "Metadata"]
    /// Interactive-form keys a validation-data update may change (a document timestamp's field).
    static let acroFormLTVKeys: Set<String> = ["Fields", "SigFlags"]

    /// Reviews revision `index` (≥ 1) of `structure`.
    static func review(
        revision index: Int, structure: PDFStructure, reader: inout PDFObjectReader, contentRefs: Set<Int>
    ) -> UpdateReview {
        var review = UpdateReview()
        guard index >= 1, index < structure.revisions.count else { return review }
        let revision = structure.revisions[index]
        let previous = index - 1
        // The last definition of each object in the update.
        var defined: [Int: RevisionObject] = [:]
        for object in revision.objects { defined[object.ref.number] = object }
        var newValues: [Int: PDFIndirectObject] = [:]
        for (number, object) in defined {
            if let value = reader.read(object, revision: index) { newValues[number] = value }
        }
        var explained: [Int: String] = [:]
        var carriesValidationData = false
        func explain(_ number: Int?, _ role: String) {
            guard let number, defined[number] != nil, explained[number] == nil else { return }
            explained[number] = role
            if role == "dss" || role == "timestamp" { carriesValidationData = true }
        }
        func old(_ number: Int) -> PDFIndirectObject? { reader.object(number, asOf: previous) }

        // Identical redefinitions, cross-reference and object streams.
        for (number, object) in defined {
            if !object.kinds.isDisjoint(with: [.xrefStream, .objectStream]) {
                explain(number, "structure")
            } else if let new = newValues[number], let before = old(number), before.value == new.value,
                before.rawStreamData == new.rawStreamData
            {
                explain(number, "identical")
            }
        }
        let trailer = revision.trailer
        let rootRef = trailer?.root ?? structure.revisions[..<index].last(where: { $0.trailer?.root != nil })?.trailer?.root
        let oldRootRef = structure.revisions[...previous].last(where: { $0.trailer?.root != nil })?.trailer?.root
        explain(trailer?.info?.number, "info")
        for (number, object) in defined where object.kinds.contains(.metadata) { explain(number, "metadata") }

        var newCatalog: [String: PDFObject] = [:]
        if let rootRef, let catalog = reader.object(rootRef.number, asOf: index)?.value.dictionary {
            newCatalog = catalog
            if defined[rootRef.number] != nil {
                let before = oldRootRef.flatMap { reader.object($0.number, asOf: previous)?.value.dictionary } ?? [:]
                let changed = changedKeys(before, catalog, reader: &reader, revision: index)
                explain(rootRef.number, "catalog")
                if changed.contains("DSS") { carriesValidationData = true }
                let notLTV = changed.subtracting(catalogLTVKeys)
                if !notLTV.isEmpty { review.refused.append("the catalog changes " + notLTV.sorted().map { "/" + $0 }.joined(separator: ", ")) }
            }
            explain(catalog["Metadata"]?.reference?.number, "metadata")
        }

        // The DSS, its arrays and VRI dictionaries, and the streams they name. Its dictionaries
        // and arrays are new or were the DSS's before; its streams are new: an existing object
        // (a font program, a content stream) rewritten and listed in the DSS stays unexplained.
        let oldCatalog = oldRootRef.flatMap { reader.object($0.number, asOf: previous)?.value.dictionary } ?? [:]
        let oldDSS = Self.referencedObjects(from: oldCatalog["DSS"], reader: &reader, revision: previous)
        func explainDSS(_ number: Int?, stream: Bool = false) {
            guard let number, defined[number] != nil else { return }
            if !reader.isDefined(number, asOf: previous) || (!stream && oldDSS.contains(number)) { explain(number, "dss") }
        }
        if let dssValue = newCatalog["DSS"] {
            explainDSS(dssValue.reference?.number)
            if let dss = reader.resolve(dssValue, asOf: index)?.dictionary {
                let extra = Set(dss.keys).subtracting(dssKeys)
                if !extra.isEmpty { review.refused.append("the DSS holds " + extra.sorted().map { "/" + $0 }.joined(separator: ", ")) }
                var streams: [PDFObject] = []
                for key in ["Certs", "OCSPs", "CRLs"] {
                    explainDSS(dss[key]?.reference?.number)
                    streams += reader.resolve(dss[key], asOf: index)?.array ?? []
                }
                if let vriValue = dss["VRI"] {
                    explainDSS(vriValue.reference?.number)
                    for (_, entryValue) in reader.resolve(vriValue, asOf: index)?.dictionary ?? [:] {
                        explainDSS(entryValue.reference?.number)
                        let entry = reader.resolve(entryValue, asOf: index)?.dictionary ?? [:]
                        let extraVRI = Set(entry.keys).subtracting(vriKeys)
                        if !extraVRI.isEmpty { review.refused.append("a VRI entry holds " + extraVRI.sorted().map { "/" + $0 }.joined(separator: ", ")) }
                        for key in ["Cert", "OCSP", "CRL"] {
                            explainDSS(entry[key]?.reference?.number)
                            streams += reader.resolve(entry[key], asOf: index)?.array ?? []
                        }
                        if let ts = entry["TS"] { streams.append(ts) }
                    }
                }
                for stream in streams {
                    guard let number = stream.reference?.number, newValues[number]?.isStream == true,
                        !contentRefs.contains(number)
                    else { continue }
                    explainDSS(number, stream: true)
                }
            }
        }

        // Fields and widgets: the interactive form's new fields, redefined fields and widgets.
        var newFieldRefs: [Int] = []
        if let acroFormValue = newCatalog["AcroForm"], let acroForm = reader.resolve(acroFormValue, asOf: index)?.dictionary {
            let before = oldRootRef.flatMap { ref -> [String: PDFObject]? in
                let oldCatalog = reader.object(ref.number, asOf: previous)?.value.dictionary
                return reader.resolve(oldCatalog?["AcroForm"], asOf: previous)?.dictionary
            } ?? [:]
            let changed = changedKeys(before, acroForm, reader: &reader, revision: index)
            if let number = acroFormValue.reference?.number, defined[number] != nil {
                explain(number, "acroForm")
                if !changed.isEmpty { review.formFieldChanges = true }
            }
            let oldFields = Set((reader.resolve(before["Fields"], asOf: previous)?.array ?? []).compactMap(\.reference))
            let fields = (reader.resolve(acroForm["Fields"], asOf: index)?.array ?? []).compactMap(\.reference)
            explain(acroForm["Fields"]?.reference?.number, "acroForm")
            newFieldRefs = fields.filter { !oldFields.contains($0) }.map(\.number)
            if !oldFields.isSubset(of: Set(fields)) { review.refused.append("form fields were removed") }
            // Fonts a signing or form-filling tool adds to the form's default resources. In a form
            // of signature fields only, new fonts beside the old ones (and the default appearance
            // naming them) draw nothing: a viewer builds appearances from /DR and /DA for text and
            // choice fields, never for a signature, whose appearance its signer made. Adobe adds
            // them with a document timestamp (pyHanko calls that FORM_FILLING, as any /DR change).
            let unusedFonts = Self.onlyFontsAdded(before: before["DR"], after: acroForm["DR"], reader: &reader, revision: index)
                && Self.signatureFieldsOnly(fields, reader: &reader, revision: index)
            for number in closure(from: acroForm["DR"]?.references.map(\.number) ?? [], values: newValues, skipping: ["P", "Parent"])
            where defined[number] != nil && explained[number] == nil {
                explain(number, "form resources")
                // An object that existed before and is rewritten here (a page's font) may be drawn
                // elsewhere: not validation data. (Form-filling tools rewrite /DR fonts too, so it is
                // not taken for a content change either: the signature's coverage speaks for it.)
                if !unusedFonts || reader.isDefined(number, asOf: previous) || contentRefs.contains(number) {
                    review.refused.append("object \(number): the form's default resources")
                }
            }
            let notLTV = changed.subtracting(acroFormLTVKeys).subtracting(unusedFonts ? ["DR", "DA"] : [])
            if !notLTV.isEmpty { review.refused.append("the form changes " + notLTV.sorted().map { "/" + $0 }.joined(separator: ", ")) }
        }
        // Widgets and fields the update defines or adds, with what their appearances use.
        var widgetNumbers = Set(newFieldRefs)
        for (number, object) in defined where object.kinds.contains(.annotation) || newValues[number]?.value.dictionary?["FT"] != nil {
            if newValues[number]?.value.dictionary?["Subtype"]?.name == "Widget" || newValues[number]?.value.dictionary?["FT"] != nil {
                widgetNumbers.insert(number)
            }
        }
        var timestampWidgets = Set<Int>()
        for number in widgetNumbers.sorted() {
            guard let field = newValues[number]?.value.dictionary ?? reader.object(number, asOf: index)?.value.dictionary else { continue }
            var parts = [(number, field)]
            for kid in (reader.resolve(field["Kids"], asOf: index)?.array ?? []).compactMap(\.reference) {
                if let dictionary = reader.object(kid.number, asOf: index)?.value.dictionary { parts.append((kid.number, dictionary)) }
            }
            let value = reader.resolve(field["V"], asOf: index)?.dictionary
            let isTimestamp = value.map(Self.isDocumentTimestamp) ?? false
            for (partNumber, part) in parts {
                explain(partNumber, "field")
                let appearance = Self.appearanceObjects(part, values: newValues)
                for object in appearance { explain(object, "appearance") }
                let invisible = Self.isInvisible(part)
                if isTimestamp && invisible {
                    timestampWidgets.insert(partNumber)
                    // An invisible timestamp widget's appearance may be an empty form: resources would draw.
                    for object in appearance where reader.object(object, asOf: index)?.value.dictionary?["Resources"].map(Self.isEmptyResources) == false {
                        review.refused.append("object \(object): the timestamp field's appearance uses resources")
                    }
                } else if defined[partNumber] != nil {
                    review.formFieldChanges = true
                    review.refused.append("object \(partNumber): a form field or widget that is not an invisible document timestamp")
                    if !appearance.isEmpty { review.refused.append("object \(partNumber): an appearance is drawn") }
                }
            }
            if let v = field["V"]?.reference?.number { explain(v, isTimestamp ? "timestamp" : "signature") }
        }
        for (number, object) in defined where object.kinds.contains(.signature) {
            if let dictionary = newValues[number]?.value.dictionary, Self.isDocumentTimestamp(dictionary) {
                review.documentTimestamps += 1
                explain(number, "timestamp")
            } else {
                review.addsSignature = true
                review.refused.append("object \(number): a signature")
                explain(number, "signature")
            }
        }

        // Pages: only more /Annots (widgets) is not a content change.
        for (number, object) in defined where object.kinds.contains(.page) {
            guard explained[number] != "identical" else { continue }
            explain(number, "page")
            guard let new = newValues[number]?.value.dictionary, let before = old(number)?.value.dictionary else {
                if newValues[number] != nil, !reader.isDefined(number, asOf: previous) {
                    review.contentChanges.append("object \(number): a new page")
                } else {
                    review.refused.append("object \(number): a page that cannot be compared")
                }
                continue
            }
            let changed = changedKeys(before, new, reader: &reader, revision: index)
            let other = changed.subtracting(["Annots"])
            if !other.isEmpty {
                review.contentChanges.append("object \(number) (page): " + other.sorted().map { "/" + $0 }.joined(separator: ", ") + " changed")
            }
            let oldAnnots = (reader.resolve(before["Annots"], asOf: previous)?.array ?? []).compactMap(\.reference)
            let annots = (reader.resolve(new["Annots"], asOf: index)?.array ?? []).compactMap(\.reference)
            review.judgeAddedAnnotations(
                Set(annots).subtracting(oldAnnots), removed: !Set(oldAnnots).isSubset(of: Set(annots)), on: number,
                timestampWidgets: timestampWidgets, reader: &reader, revision: index, values: newValues, explain: explain
            )
        }
        // An /Annots array stored as its own object.
        for (number, _) in defined where explained[number] == nil {
            guard let items = newValues[number]?.value.array, let before = old(number)?.value.array else { continue }
            let annots = items.compactMap(\.reference)
            guard annots.count == items.count, annots.allSatisfy({ reader.object($0.number, asOf: index)?.value.dictionary?["Subtype"] != nil })
            else { continue }
            explain(number, "annots")
            review.judgeAddedAnnotations(
                Set(annots).subtracting(before.compactMap(\.reference)),
                removed: !Set(before.compactMap(\.reference)).isSubset(of: Set(annots)), on: number,
                timestampWidgets: timestampWidgets, reader: &reader, revision: index, values: newValues, explain: explain
            )
        }

        // New objects the file cannot reach (pyHanko's orphans): not from the trailer, nor from
        // any object that existed before and is redefined here. Never a font, image, form,
        // annotation or page: an older object may name a number not yet defined (a dangling
        // /XObject or /Annots entry) that such an "orphan" would fill in; for the same reason
        // no number a page's /Contents ever named.
        var roots: [Int] = [rootRef?.number, trailer?.info?.number].compactMap { $0 }
        roots += defined.keys.filter { reader.isDefined($0, asOf: previous) }
        let reachable = closure(from: roots, values: newValues, skipping: [])
        let neverOrphans = RevisionAnalysis.contentKinds.subtracting(.contentStream).union([.annotation, .page, .pages, .signature])
        for (number, object) in defined where explained[number] == nil && newValues[number] != nil && !reachable.contains(number)
            && !reader.isDefined(number, asOf: previous) && !contentRefs.contains(number) && object.kinds.isDisjoint(with: neverOrphans)
        {
            explain(number, "orphan")
        }

        for (number, object) in defined.sorted(by: { $0.key < $1.key }) where explained[number] == nil {
            let kinds = RevisionAnalysis.names(object.kinds.subtracting([.stream]))
            let what = kinds.isEmpty ? (newValues[number]?.isStream == true ? "stream" : "object") : kinds.joined(separator: ", ")
            review.refused.append("object \(number): \(what)")
            // An object the reader cannot parse in a signing update is taken, as its kinds say, for
            // part of the signature's appearance: no evidence of a content change.
            if newValues[number] == nil, review.addsSignature || revision.objects.contains(where: { $0.kinds.contains(.signature) }) {
                continue
            }
            if !object.kinds.isDisjoint(with: RevisionAnalysis.contentKinds) || !object.kinds.isDisjoint(with: [.page, .pages]) {
                review.contentChanges.append("object \(number): \(what)")
            } else if object.kinds.contains(.annotation) {
                review.contentChanges.append("object \(number): an annotation")
            }
        }
        review.carriesValidationData = carriesValidationData
        return review
    }

    /// Annotations a page (or its `/Annots` array) gains: an invisible document-timestamp widget
    /// is validation data; another widget is form filling; anything else is drawn on the page.
    mutating func judgeAddedAnnotations(
        _ added: Set<ObjectRef>, removed: Bool, on owner: Int, timestampWidgets: Set<Int>, reader: inout PDFObjectReader,
        revision: Int, values: [Int: PDFIndirectObject], explain: (Int?, String) -> Void
    ) {
        if removed { contentChanges.append("object \(owner): annotations were removed") }
        for annotation in added.sorted() where !timestampWidgets.contains(annotation.number) {
            let dictionary = reader.object(annotation.number, asOf: revision)?.value.dictionary ?? [:]
            refused.append("object \(owner): annotation \(annotation.number) added")
            if dictionary["Subtype"]?.name == "Widget" {
                formFieldChanges = true
            } else {
                let subtype = dictionary["Subtype"]?.name ?? "?"
                contentChanges.append("object \(annotation.number): a /\(subtype) annotation added to a page")
                explain(annotation.number, "annotation")
                for object in Self.appearanceObjects(dictionary, values: values) {
                    explain(object, "annotation appearance")
                }
            }
        }
    }

    /// The form's default resources `after` are those `before` plus fonts under new names:
    /// no other resource type changes, no font name is dropped or points elsewhere.
    static func onlyFontsAdded(before: PDFObject?, after: PDFObject?, reader: inout PDFObjectReader, revision: Int) -> Bool {
        let old = reader.resolve(before, asOf: revision - 1)?.dictionary ?? [:]
        guard let new = reader.resolve(after, asOf: revision)?.dictionary else { return before == nil }
        guard changedKeys(old, new, reader: &reader, revision: revision).isSubset(of: ["Font"]) else { return false }
        let oldFonts = reader.resolve(old["Font"], asOf: revision - 1)?.dictionary ?? [:]
        guard let newFonts = reader.resolve(new["Font"], asOf: revision)?.dictionary else { return oldFonts.isEmpty }
        return changedKeys(oldFonts, newFonts, reader: &reader, revision: revision).allSatisfy { oldFonts[$0] == nil && newFonts[$0] != nil }
    }

    /// Every field of the form (`fields`, with their kids) is a signature field: `/FT /Sig`,
    /// on the field or inherited from its parent.
    static func signatureFieldsOnly(_ fields: [ObjectRef], reader: inout PDFObjectReader, revision: Int) -> Bool {
        var pending = fields.map { ($0, nil as String?) }
        var seen = Set<Int>()
        while let (ref, inherited) = pending.popLast() {
            guard seen.insert(ref.number).inserted, seen.count < 10_000 else { continue }
            guard let field = reader.object(ref.number, asOf: revision)?.value.dictionary else { return false }
            let type = field["FT"]?.name ?? inherited
            let kids = (reader.resolve(field["Kids"], asOf: revision)?.array ?? []).compactMap(\.reference)
            // A field without kids is a terminal field: it must be a signature field.
            if kids.isEmpty && type != "Sig" { return false }
            pending += kids.map { ($0, type) }
        }
        return true
    }

    static func isDocumentTimestamp(_ dictionary: [String: PDFObject]) -> Bool {
        dictionary["Type"]?.name == "DocTimeStamp" || dictionary["SubFilter"]?.name == "ETSI.RFC3161"
    }

    /// A widget nobody sees: a zero-area `/Rect`, or the hidden or no-view flag (ISO 32000-1 §12.5.3).
    static func isInvisible(_ widget: [String: PDFObject]) -> Bool {
        if case .integer(let flags)? = widget["F"], flags & (2 | 32) != 0 { return true }
        guard let rect = widget["Rect"]?.array, rect.count == 4 else { return widget["Rect"] == nil }
        let numbers = rect.map { item -> Double in
            switch item {
            case .integer(let value): Double(value)
            case .real(let value): value
            default: .nan
            }
        }
        return numbers[0] == numbers[2] || numbers[1] == numbers[3]
    }

    static func isEmptyResources(_ value: PDFObject) -> Bool {
        guard let dictionary = value.dictionary else { return false }
        return Set(dictionary.keys).isSubset(of: ["ProcSet"])
    }

    /// The objects of this update a widget's or annotation's `/AP` draws with: its appearance
    /// streams and everything they reach (resources, fonts, images, soft masks), never the
    /// page (`/P`) or the field tree (`/Parent`).
    static func appearanceObjects(_ annotation: [String: PDFObject], values: [Int: PDFIndirectObject]) -> [Int] {
        guard let ap = annotation["AP"] else { return [] }
        return closure(from: ap.references.map(\.number), values: values, skipping: ["P", "Parent"]).sorted()
    }

    /// The objects among `values` (the update's own) reachable from `start` through references,
    /// not following `skipping` keys nor into pages, page trees or the catalog.
    static func closure(from start: [Int], values: [Int: PDFIndirectObject], skipping: Set<String>) -> Set<Int> {
        var seen = Set<Int>()
        var pending = start
        while let next = pending.popLast() {
            guard let object = values[next], seen.insert(next).inserted else { continue }
            switch object.value {
            case .dictionary(let dictionary):
                if !skipping.isEmpty, ["Page", "Pages", "Catalog"].contains(dictionary["Type"]?.name ?? "") {
                    seen.remove(next)
                    continue
                }
                for (key, value) in dictionary where !skipping.contains(key) { pending += value.references.map(\.number) }
            default:
                pending += object.value.references.map(\.number)
            }
        }
        return seen
    }

    /// The objects reachable from `value` through references, as of `revision` (bounded).
    static func referencedObjects(from value: PDFObject?, reader: inout PDFObjectReader, revision: Int) -> Set<Int> {
        var seen = Set<Int>()
        var pending = value?.references ?? []
        while let next = pending.popLast(), seen.count < 100_000 {
            guard seen.insert(next.number).inserted, let object = reader.object(next.number, asOf: revision), !object.isStream else {
                continue
            }
            pending += object.value.references
        }
        return seen
    }

    /// Keys whose values differ (added, removed or changed), a value written directly in one
    /// revision and by reference to an equal object in the other counting as unchanged (writers
    /// inline or outline objects when they rewrite a page).
    static func changedKeys(
        _ before: [String: PDFObject], _ after: [String: PDFObject], reader: inout PDFObjectReader, revision: Int
    ) -> Set<String> {
        Set(before.keys).union(after.keys).filter { key in
            guard let old = before[key], let new = after[key] else { return true }
            return !same(old, new, reader: &reader, revision: revision, depth: 0)
        }
    }

    /// `old` (as of `revision - 1`) and `new` (as of `revision`) are the same value, references resolved.
    static func same(_ old: PDFObject, _ new: PDFObject, reader: inout PDFObjectReader, revision: Int, depth: Int) -> Bool {
        if old == new { return true }
        guard depth < 8 else { return false }
        switch (old, new) {
        case (.reference(let ref), _):
            guard let resolved = reader.object(ref.number, asOf: revision - 1), !resolved.isStream else { return false }
            return same(resolved.value, new, reader: &reader, revision: revision, depth: depth + 1)
        case (_, .reference(let ref)):
            guard let resolved = reader.object(ref.number, asOf: revision), !resolved.isStream else { return false }
            return same(old, resolved.value, reader: &reader, revision: revision, depth: depth + 1)
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where !same(x, y, reader: &reader, revision: revision, depth: depth + 1) { return false }
            return true
        case (.dictionary(let a), .dictionary(let b)):
            guard Set(a.keys) == Set(b.keys) else { return false }
            for (key, x) in a where !same(x, b[key]!, reader: &reader, revision: revision, depth: depth + 1) { return false }
            return true
        default:
            return false
        }
    }
}
