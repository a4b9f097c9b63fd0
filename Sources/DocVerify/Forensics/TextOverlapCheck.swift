internal import DocPDF

/// `TEXT_OVERLAP`: two different strings drawn at overlapping positions, as when a value
/// is covered by a white box and retyped while the old value stays in the text layer.
/// The same string drawn twice (fake bold) is not a finding.
///
/// Overlaps are graded by evidence (`docs/bank-statement.md`, "File forensics"): `fail` only when
/// both strings are visible, upright and of similar size, cover each other rather than a
/// glyph of one touching the other, are not one line drawn twice, and one of them is a
/// value the checks read (a cell of the statement's table, an amount, a date, a long number,
/// a header value such as the holder's name or the account number). Everything else is
/// page furniture (stamps, barcodes, leader dots, white button labels, boilerplate):
/// `TEXT_OVERLAP_FURNITURE`, info, with the reason in its evidence.
enum TextOverlapCheck: ForensicCheck {
    /// Share of the smaller box the two must cover together.
    static let minimumOverlap = 0.5
    /// Share of the larger box the two must cover together for a retyped value: a value
    /// typed over another covers most of it, a stray glyph of a stamp covers a corner.
    static let minimumOverlapOfLarger = 0.3
    /// Largest ratio of the two font sizes for strings "of similar size".
    static let maximumSizeRatio = 1.25

    struct Overlap {
        var page: Int
        var first: PDFWord
        var second: PDFWord
    }

    /// Why an overlap is not evidence of an edit.
    enum Furniture: String, CaseIterable {
        /// One of the two is white (or near it) or has no size: not visible.
        case hidden
        /// One of the two is turned (a stamp, a vertical note).
        case turned
        /// The font sizes differ by more than ``maximumSizeRatio``.
        case sizes
        /// The same text drawn twice with a shift, leader dots or not.
        case redraw
        /// A run of leader dots over something.
        case leaderDots = "leader-dots"
        /// A barcode: bars drawn as text, a barcode font, an Intelligent Mail bar string.
        case barcode
        /// A glyph or two touching a corner of a longer string, not one string over another.
        case fragment
        /// Neither string is a value the checks read.
        case notAValue = "not-a-value"
        /// More evidence-looking places on one page than an edit makes: a page drawn over
        /// itself wholesale (layers, a damaged stream read past its end).
        case wholesale
    }

    struct Graded {
        var overlap: Overlap
        /// `nil`: evidence of an edit.
        var furniture: Furniture?
    }

    static func overlaps(on page: PDFPageText) -> [Overlap] {
        // Indices sorted by top edge (words themselves are not copied); boxes are compared
        // before texts, since nearly every pair on a line does not overlap at all.
        let words = page.words
        let order = words.indices.filter { words[$0].box.width > 0 && words[$0].box.height > 0 }
            .sorted { words[$0].box.y0 < words[$1].box.y0 }
        var out: [Overlap] = []
        for i in order.indices {
            let a = words[order[i]].box
            var j = i + 1
            while j < order.count, words[order[j]].box.y0 < a.y1 {
                let b = words[order[j]].box
                j += 1
                let shared = a.intersectionArea(b)
                guard shared > 0 else { continue }
                let smaller = min(a.width * a.height, b.width * b.height)
                guard shared >= smaller * minimumOverlap else { continue }
                let first = words[order[i]]
                let second = words[order[j - 1]]
                if first.text != second.text { out.append(Overlap(page: page.number, first: first, second: second)) }
            }
        }
        return out
    }

    /// More overlapping places than this on one page is a page drawn over itself wholesale
    /// (layers, a damaged stream read past its end), not a value retyped over another.
    static let maximumPlacesPerPage = 25

    static func run(_ input: ForensicInput) -> [Finding] {
        // A stream whose direct /Length is wrong or that never ends is read by poppler past its
        // end: what it draws then says nothing about editing. (An indirect /Length, as cairo
        // writes, is not checked by the scanner and says nothing either way.)
        if input.structure.streams.contains(where: { !$0.terminated || ($0.declaredLength != nil && !$0.lengthMatched) }) {
            return []
        }
        let values = Values(input)
        var graded: [Graded] = []
        for page in input.pages {
            var onPage = overlaps(on: page).map { Graded(overlap: $0, furniture: grade($0, values: values)) }
            if onPage.count(where: { $0.furniture == nil }) > maximumPlacesPerPage {
                for index in onPage.indices where onPage[index].furniture == nil { onPage[index].furniture = .wholesale }
            }
            graded += onPage
        }
        var findings: [Finding] = []
        let evidence = graded.filter { $0.furniture == nil }
        if let first = evidence.first?.overlap {
            findings.append(
                Finding(
                    .textOverlap,
                    "On page \(first.page), \"\(first.first.text)\" and \"\(first.second.text)\" are drawn on top of each other, both visible, upright and of similar size"
                        + (evidence.count > 1 ? " (\(evidence.count) such places)." : "."),
                    page: first.page,
                    evidence: describe(first, places: evidence.count, grade: "evidence")
                )
            )
        }
        let furniture = graded.filter { $0.furniture != nil }
        if let first = furniture.first, let reason = first.furniture {
            var counts: [String: FieldValue] = [:]
            for item in furniture { counts[item.furniture!.rawValue] = .int((counts[item.furniture!.rawValue]?.intValue ?? 0) + 1) }
            var details = describe(first.overlap, places: furniture.count, grade: reason.rawValue)
            details["reasons"] = .object(counts)
            findings.append(
                Finding(
                    .textOverlapFurniture,
                    "On page \(first.overlap.page), \"\(first.overlap.first.text)\" and \"\(first.overlap.second.text)\" overlap, but \(explanation(reason))"
                        + (furniture.count > 1 ? " (\(furniture.count) such places)." : "."),
                    page: first.overlap.page,
                    evidence: details
                )
            )
        }
        return findings
    }

    // MARK: Grading

    /// The first reason, in this order, that makes `overlap` furniture; `nil` when it is evidence.
    static func grade(_ overlap: Overlap, values: Values) -> Furniture? {
        let a = overlap.first
        let b = overlap.second
        if isHidden(a) || isHidden(b) { return .hidden }
        if !a.isUpright || !b.isUpright { return .turned }
        if isBarcode(a) || isBarcode(b) { return .barcode }
        let ta = trimmingLeaders(a.text)
        let tb = trimmingLeaders(b.text)
        if ta.isEmpty || tb.isEmpty { return .leaderDots }
        if ta == tb || isShiftedPrefix(a, ta, b, tb) { return .redraw }
        if max(a.fontSize, b.fontSize) > min(a.fontSize, b.fontSize) * maximumSizeRatio { return .sizes }
        let larger = max(a.box.width * a.box.height, b.box.width * b.box.height)
        if a.box.intersectionArea(b.box) < larger * minimumOverlapOfLarger { return .fragment }
        if !values.touches(a, page: overlap.page) && !values.touches(b, page: overlap.page) { return .notAValue }
        return nil
    }

    /// One text the start of the other, drawn from the same point (within a point either
    /// way), as when a driver's second pass is cut short: the same line drawn twice, not a
    /// value typed over another (a retyped right-aligned value starts elsewhere).
    static func isShiftedPrefix(_ a: PDFWord, _ ta: Substring, _ b: PDFWord, _ tb: Substring) -> Bool {
        guard abs(a.box.x0 - b.box.x0) < 1, abs(a.box.y0 - b.box.y0) < 1 else { return false }
        let (short, long) = ta.count <= tb.count ? (ta, tb) : (tb, ta)
        return short.count >= 2 && long.hasPrefix(short)
    }

    /// White or nearly (on the white page statements are printed on), or of no size.
    static func isHidden(_ word: PDFWord) -> Bool {
        let light = UInt16(0xEB00)  // 92 %
        let white = word.color.red >= light && word.color.green >= light && word.color.blue >= light
        return white || word.fontSize < 1 || word.box.width < 0.5 || word.box.height < 0.5
    }

    /// Characters that lead the eye along a line (leader dots and rules).
    static let leaderCharacters: Set<Character> = [".", "·", "…", "_", "-", "‥", "∙", "•", " "]

    static func trimmingLeaders(_ text: String) -> Substring {
        var s = Substring(text)
        while let f = s.first, leaderCharacters.contains(f) { s = s.dropFirst() }
        while let l = s.last, leaderCharacters.contains(l) { s = s.dropLast() }
        return s
    }

    /// Font names of barcode fonts (lower case, any part of the name).
    static let barcodeFontNames = [
        "barcode", "code128", "code39", "3of9", "code 39", "ean13", "ean-13", "upc", "interleaved", "i2of5", "usps", "imb",
        "mailmark", "postnet", "planet", "rm4scc", "kix", "datamatrix", "pdf417", "qrcode",
    ]

    /// Bars drawn as text (no letter or digit in a run of three or more), a barcode font, or
    /// an Intelligent Mail barcode's letters (a long run of A, D, F and T only). A font's
    /// name is the document's to choose: an amount or a date in a "barcode" font is still
    /// an amount or a date.
    static func isBarcode(_ word: PDFWord) -> Bool {
        let font = word.fontName.lowercased()
        if barcodeFontNames.contains(where: { font.contains($0) }), AmountParser.parse(word.text) == nil {
            if case .date = DateParser.parse(Substring(word.text)) { return false }
            return true
        }
        let scalars = word.text.unicodeScalars
        if scalars.count >= 3, !scalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }),
            !word.text.allSatisfy({ leaderCharacters.contains($0) })
        {
            return true
        }
        return scalars.count >= 20 && scalars.allSatisfy { "ADFT".unicodeScalars.contains($0) }
    }

    /// What the checks read, to tell a retyped value from furniture over boilerplate.
    struct Values {
        /// Boxes of the table's value cells, by page.
        var cells: [Int: [PDFRect]] = [:]
        var headerWords: Set<String>

        init(_ input: ForensicInput) {
            headerWords = input.headerValueWords
            for column in input.valueColumns {
                for cell in column.cells { cells[cell.page, default: []].append(cell.word.box) }
            }
        }

        func touches(_ word: PDFWord, page: Int) -> Bool {
            if Self.isValueText(word.text) || headerWords.contains(word.text) { return true }
            return cells[page]?.contains { $0.intersectionArea(word.box) > 0 } ?? false
        }

        /// An amount, a date, or a number long enough to be an account, card, ID or routing number.
        static func isValueText(_ text: String) -> Bool {
            if AmountParser.parse(text) != nil { return true }
            if case .date = DateParser.parse(Substring(text)) { return true }
            var run = 0
            var longest = 0
            var digits = 0
            for scalar in text.unicodeScalars {
                if scalar.properties.numericType != nil {
                    run += 1
                    digits += 1
                    longest = max(longest, run)
                } else {
                    run = 0
                }
            }
            return longest >= 4 || digits >= 6
        }
    }

    // MARK: Evidence

    static func describe(_ overlap: Overlap, places: Int, grade: String) -> [String: FieldValue] {
        let a = overlap.first
        let b = overlap.second
        let union = a.box.union(b.box)
        return [
            "texts": .array([.string(a.text), .string(b.text)]),
            "x": .int(Int(a.box.x0.rounded())), "y": .int(Int(a.box.y0.rounded())), "places": .int(places),
            "box": rect(union), "boxes": .array([rect(a.box), rect(b.box)]),
            "fontSizes": .array([.double(a.fontSize), .double(b.fontSize)]),
            "fonts": .array([.string(a.fontName), .string(b.fontName)]),
            "grade": .string(grade),
        ]
    }

    static func rect(_ r: PDFRect) -> FieldValue {
        .array([r.x0, r.y0, r.x1, r.y1].map { .double(($0 * 10).rounded() / 10) })
    }

    static func explanation(_ reason: Furniture) -> String {
        switch reason {
        case .hidden: "one of them is white or has no size (not visible text)"
        case .turned: "one of them is turned text (a stamp or a vertical note)"
        case .sizes: "their sizes differ too much for one value typed over another"
        case .redraw: "they are the same text drawn twice with a small shift"
        case .leaderDots: "one of them is a run of leader dots"
        case .barcode: "one of them is a barcode"
        case .fragment: "only a corner of one touches the other"
        case .notAValue: "neither is a value the checks read"
        case .wholesale: "the page is drawn over itself in too many places for an edit"
        }
    }
}

extension FieldValue {
    fileprivate var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }
}
