internal import DocPDF

/// `TEXT_OVERLAP`: two different strings drawn at overlapping positions, as when a value
/// is covered by a white box and retyped while the old value stays in the text layer.
/// The same string drawn twice (fake bold) is not a finding.
enum TextOverlapCheck: ForensicCheck {
    /// Share of the smaller box the two must cover together.
    static let minimumOverlap = 0.5

    struct Overlap {
        var page: Int
        var first: PDFWord
        var second: PDFWord
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
        // A stream whose /Length is wrong or that never ends is read by poppler past its end:
        // what it draws then says nothing about editing.
        if input.structure.streams.contains(where: { !$0.lengthMatched || !$0.terminated }) { return [] }
        var all: [Overlap] = []
        for page in input.pages {
            let found = overlaps(on: page)
            if found.count <= maximumPlacesPerPage { all += found }
        }
        guard let first = all.first else { return [] }
        let box = first.first.box
        return [
            Finding(
                .textOverlap,
                "On page \(first.page), \"\(first.first.text)\" and \"\(first.second.text)\" are drawn on top of each other"
                    + (all.count > 1 ? " (\(all.count) such places)." : "."),
                page: first.page,
                evidence: [
                    "texts": .array([.string(first.first.text), .string(first.second.text)]),
                    "x": .int(Int(box.x0.rounded())), "y": .int(Int(box.y0.rounded())), "places": .int(all.count),
                ]
            )
        ]
    }
}
