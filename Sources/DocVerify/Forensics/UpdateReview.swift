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
    /// New signature dictionaries (not document timestamps) the update defines, by object number.
    var addedSignatures: [Int] = []
    /// The widgets of those signatures' fields, for the later-signature exception's shadow guard.
    var signatureWidgets: [SignatureWidget] = []
    /// How many of ``refused`` only say that a new signature was added (its dictionary, its
    /// field and widget, the widget's appearance, the page's `/Annots` entry for it).
    var signingRefusals = 0

    /// A widget of a signature field the update adds or signs.
    struct SignatureWidget: Sendable, Equatable {
        var object: Int
        /// The page object it is on (`/P`, or the page whose `/Annots` gains it).
        var page: Int?
        /// `/Rect` in default user space; `nil` when missing or unreadable.
        var rect: [Double]?
        var invisible: Bool
    }

    /// Only signatures are added (with their fields, widgets and appearances), beside what
    /// long-term validation data may add: the update that a later signer makes
    /// (`SIG_LATER_SIGNATURE`, ``RevisionAnalysis/Update/signatureOnly``).
    var signaturesOnly: Bool {
        !addedSignatures.isEmpty && contentChanges.isEmpty && refused.count == signingRefusals
    }

    /// Refuses `reason` for long-term validation data, as the addition of a signature.
    mutating func refuseForSigning(_ reason: String) {
        refused.append(reason)
        signingRefusals += 1
    }

    static let dssKeys: Set<String> = ["Type", "VRI", "Certs", "OCSPs", "CRLs"]
    static let vriKeys: Set<String> = ["Type", "Cert", "OCSP", "CRL", "TU", "TS"]
    /// Catalog keys a validation-data update may change.
    static let catalogLTVKeys: Set<String> = ["DSS", "Extensions", "AcroForm", "Metadata"]
    /// Catalog keys a signing update may change besides those (`SIG_LATER_SIGNATURE`).
    static let catalogSigningKeys: Set<String> = ["Version"]
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
        // In object order, so that the reasons (and the verdict's evidence) come out the same
        // on every run: a dictionary's order changes from process to process.
        let objects = defined.sorted { $0.key < $1.key }
        var newValues: [Int: PDFIndirectObject] = [:]
        for (number, object) in objects {
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
        for (number, object) in objects {
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
        for (number, object) in objects where object.kinds.contains(.metadata) { explain(number, "metadata") }

        var newCatalog: [String: PDFObject] = [:]
        if let rootRef, let catalog = reader.object(rootRef.number, asOf: index)?.value.dictionary {
            newCatalog = catalog
            if defined[rootRef.number] != nil {
                let before = oldRootRef.flatMap { reader.object($0.number, asOf: previous)?.value.dictionary } ?? [:]
                let changed = changedKeys(before, catalog, reader: &reader, revision: index)
                explain(rootRef.number, "catalog")
                if changed.contains("DSS") { carriesValidationData = true }
                let notLTV = changed.subtracting(catalogLTVKeys)
                // Signing tools raise /Version when they sign; beside a new signature that is signing.
                let reason = "the catalog changes " + notLTV.sorted().map { "/" + $0 }.joined(separator: ", ")
                if notLTV.isSubset(of: catalogSigningKeys) && !notLTV.isEmpty {
                    review.refuseForSigning(reason)
                } else if !notLTV.isEmpty {
                    review.refused.append(reason)
                }
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
            let before =
                oldRootRef.flatMap { ref -> [String: PDFObject]? in
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
            let signatureForm = Self.signatureFieldsOnly(fields, reader: &reader, revision: index)
            let addedResources = Self.addedResourceKinds(before: before["DR"], after: acroForm["DR"], reader: &reader, revision: index)
            let unusedFonts = signatureForm && addedResources?.isSubset(of: ["Font"]) == true
            // A signing tool may also point /DR names at its appearance's forms and fonts, and set
            // /DA (DSS's library names the last signature's appearance /FRM there): in a form of
            // signature fields only no viewer draws with either, so, when the objects are new,
            // beside a new signature that is signing (SIG_LATER_SIGNATURE), never validation data.
            let unusedResources = signatureForm
            for number in closure(from: acroForm["DR"]?.references.map(\.number) ?? [], values: newValues, skipping: ["P", "Parent"]).sorted()
            where defined[number] != nil && explained[number] == nil {
                explain(number, "form resources")
                // An object that existed before and is rewritten here (a page's font) may be drawn
                // elsewhere: not validation data. (Form-filling tools rewrite /DR fonts too, so it is
                // not taken for a content change either: the signature's coverage speaks for it.)
                let rewritten = reader.isDefined(number, asOf: previous) || contentRefs.contains(number)
                if !unusedFonts || rewritten {
                    let reason = "object \(number): the form's default resources"
                    if unusedResources && !rewritten { review.refuseForSigning(reason) } else { review.refused.append(reason) }
                }
            }
            let notLTV = changed.subtracting(acroFormLTVKeys).subtracting(unusedFonts ? ["DR", "DA"] : [])
            if !notLTV.isEmpty {
                let reason = "the form changes " + notLTV.sorted().map { "/" + $0 }.joined(separator: ", ")
                if unusedResources && notLTV.isSubset(of: ["DR", "DA"]) { review.refuseForSigning(reason) } else { review.refused.append(reason) }
            }
        }
        // Widgets and fields the update defines or adds, with what their appearances use.
        var widgetNumbers = Set(newFieldRefs)
        for (number, object) in objects where object.kinds.contains(.annotation) || newValues[number]?.value.dictionary?["FT"] != nil {
            if newValues[number]?.value.dictionary?["Subtype"]?.name == "Widget" || newValues[number]?.value.dictionary?["FT"] != nil {
                widgetNumbers.insert(number)
            }
        }
        var timestampWidgets = Set<Int>()
        var newSignatureWidgets = Set<Int>()
        for number in widgetNumbers.sorted() {
            guard let field = newValues[number]?.value.dictionary ?? reader.object(number, asOf: index)?.value.dictionary else { continue }
            var parts = [(number, field)]
            for kid in (reader.resolve(field["Kids"], asOf: index)?.array ?? []).compactMap(\.reference) {
                if let dictionary = reader.object(kid.number, asOf: index)?.value.dictionary { parts.append((kid.number, dictionary)) }
            }
            let value = reader.resolve(field["V"], asOf: index)?.dictionary
            let isTimestamp = value.map(Self.isDocumentTimestamp) ?? false
            // A signature field whose value is a signature this update defines and nothing defined
            // before: a new signature, whose field, widget and appearance are its signer's.
            let signsHere =
                !isTimestamp && field["FT"]?.name == "Sig"
                && field["V"]?.reference.map { defined[$0.number] != nil && !reader.isDefined($0.number, asOf: previous) } == true
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
                    let reasons =
                        ["object \(partNumber): a form field or widget that is not an invisible document timestamp"]
                        + (appearance.isEmpty ? [] : ["object \(partNumber): an appearance is drawn"])
                    for reason in reasons {
                        if signsHere { review.refuseForSigning(reason) } else { review.refused.append(reason) }
                    }
                }
                if signsHere && (part["Subtype"]?.name == "Widget" || part["Rect"] != nil) {
                    newSignatureWidgets.insert(partNumber)
                    review.signatureWidgets.append(
                        SignatureWidget(object: partNumber, page: part["P"]?.reference?.number, rect: Self.numbers(part["Rect"]), invisible: invisible)
                    )
                }
            }
            if let v = field["V"]?.reference?.number { explain(v, isTimestamp ? "timestamp" : "signature") }
        }
        for (number, object) in objects where object.kinds.contains(.signature) {
            if let dictionary = newValues[number]?.value.dictionary, Self.isDocumentTimestamp(dictionary) {
                review.documentTimestamps += 1
                explain(number, "timestamp")
            } else {
                review.addsSignature = true
                if reader.isDefined(number, asOf: previous) {
                    review.refused.append("object \(number): a signature")
                } else {
                    review.addedSignatures.append(number)
                    review.refuseForSigning("object \(number): a signature")
                }
                explain(number, "signature")
            }
        }

        // Pages: only more /Annots (widgets) is not a content change.
        for (number, object) in objects where object.kinds.contains(.page) {
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
                timestampWidgets: timestampWidgets, signatureWidgets: newSignatureWidgets, ownerIsPage: true, reader: &reader,
                revision: index, values: newValues, explain: explain
            )
        }
        // An /Annots array stored as its own object.
        for (number, _) in objects where explained[number] == nil {
            guard let items = newValues[number]?.value.array, let before = old(number)?.value.array else { continue }
            let annots = items.compactMap(\.reference)
            guard annots.count == items.count, annots.allSatisfy({ reader.object($0.number, asOf: index)?.value.dictionary?["Subtype"] != nil })
            else { continue }
            explain(number, "annots")
            review.judgeAddedAnnotations(
                Set(annots).subtracting(before.compactMap(\.reference)),
                removed: !Set(before.compactMap(\.reference)).isSubset(of: Set(annots)), on: number,
                timestampWidgets: timestampWidgets, signatureWidgets: newSignatureWidgets, ownerIsPage: false, reader: &reader,
                revision: index, values: newValues, explain: explain
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
        for (number, object) in objects
        where explained[number] == nil && newValues[number] != nil && !reachable.contains(number)
            && !reader.isDefined(number, asOf: previous) && !contentRefs.contains(number) && object.kinds.isDisjoint(with: neverOrphans)
        {
            explain(number, "orphan")
        }

        for (number, object) in objects where explained[number] == nil {
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
    /// is validation data; a new signature's widget is signing (its page noted when `owner` is
    /// the page); another widget is form filling; anything else is drawn on the page.
    mutating func judgeAddedAnnotations(
        _ added: Set<ObjectRef>, removed: Bool, on owner: Int, timestampWidgets: Set<Int>, signatureWidgets: Set<Int>,
        ownerIsPage: Bool, reader: inout PDFObjectReader, revision: Int, values: [Int: PDFIndirectObject],
        explain: (Int?, String) -> Void
    ) {
        if removed { contentChanges.append("object \(owner): annotations were removed") }
        for annotation in added.sorted() where !timestampWidgets.contains(annotation.number) {
            let dictionary = reader.object(annotation.number, asOf: revision)?.value.dictionary ?? [:]
            if signatureWidgets.contains(annotation.number) {
                refuseForSigning("object \(owner): annotation \(annotation.number) added")
                if ownerIsPage, let widget = signatureWidgetIndex(annotation.number) {
                    // The page whose /Annots shows it decides where it is drawn, whatever its /P says.
                    self.signatureWidgets[widget].page = owner
                }
            } else {
                refused.append("object \(owner): annotation \(annotation.number) added")
            }
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

    private func signatureWidgetIndex(_ object: Int) -> Int? {
        signatureWidgets.firstIndex { $0.object == object }
    }

    /// The numbers of an array of numbers (`/Rect`, `/MediaBox`); `nil` when any is not one.
    static func numbers(_ value: PDFObject?) -> [Double]? {
        guard let array = value?.array else { return nil }
        let numbers = array.compactMap { item -> Double? in
            switch item {
            case .integer(let value): Double(value)
            case .real(let value): value
            default: nil
            }
        }
        return numbers.count == array.count ? numbers : nil
    }

    /// The resource types (`Font`, `XObject`, …) under which the form's default resources
    /// `after` add new names to those `before`; `nil` when anything else changes (a name dropped
    /// or pointed elsewhere, a value that is not a dictionary of names). Empty: no change.
    static func addedResourceKinds(before: PDFObject?, after: PDFObject?, reader: inout PDFObjectReader, revision: Int) -> Set<String>? {
        let old = reader.resolve(before, asOf: revision - 1)?.dictionary ?? [:]
        guard let new = reader.resolve(after, asOf: revision)?.dictionary else { return before == nil ? [] : nil }
        let kinds = changedKeys(old, new, reader: &reader, revision: revision)
        for kind in kinds {
            let oldNames = reader.resolve(old[kind], asOf: revision - 1)?.dictionary
            guard old[kind] == nil || oldNames != nil, let newNames = reader.resolve(new[kind], asOf: revision)?.dictionary,
                changedKeys(oldNames ?? [:], newNames, reader: &reader, revision: revision).allSatisfy({ oldNames?[$0] == nil && newNames[$0] != nil })
            else { return nil }
        }
        return kinds
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
        guard let numbers = numbers(widget["Rect"]) else { return false }
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
