public import DocPDF

/// One printed line: the words of a page that share a baseline, left to right.
public struct TextLine: Sendable {
    /// 1-based page number.
    public var page: Int
    public var words: [PDFWord]
    public var box: PDFRect

    public init(page: Int, words: [PDFWord]) {
        self.page = page
        self.words = words
        self.box = words.dropFirst().reduce(words.first?.box ?? PDFRect(x0: 0, y0: 0, x1: 0, y1: 0)) { $0.union($1.box) }
    }

    /// The words joined by single spaces.
    public var text: String { words.map(\.text).joined(separator: " ") }

    /// Groups a page's words into lines by baseline: a word joins a line when its vertical
    /// middle lies within 40 % of the line's height of the line's middle.
    public static func lines(of page: PDFPageText) -> [TextLine] {
        // Indices are sorted rather than the words, which are large values to move around.
        let all = page.words
        let order = all.indices.filter { !all[$0].text.isEmpty && all[$0].box.height > 0 }
            .sorted { (all[$0].box.midY, all[$0].box.x0) < (all[$1].box.midY, all[$1].box.x0) }
        guard !order.isEmpty else { return [] }
        var groups: [[PDFWord]] = []
        var lineMid = 0.0
        var lineHeight = 0.0
        for index in order {
            let word = all[index]
            if !groups.isEmpty, abs(word.box.midY - lineMid) <= 0.4 * max(min(lineHeight, word.box.height), 1) {
                groups[groups.count - 1].append(word)
                let n = Double(groups[groups.count - 1].count)
                lineMid += (word.box.midY - lineMid) / n
                lineHeight = max(lineHeight, word.box.height)
            } else {
                groups.append([word])
                lineMid = word.box.midY
                lineHeight = word.box.height
            }
        }
        return groups.map { TextLine(page: page.number, words: $0.sorted { $0.box.x0 < $1.box.x0 }) }
    }
}

extension TextLine {
    /// A header whose labels stand on two lines (`Rente` over `datum`, `Transaction` over
    /// `Date`) as one line: each word of the lower line joined (after a line break) to the word above it, a word
    /// with none above it taken as a column of its own. `nil` unless the lower line sits right
    /// under the upper one.
    static func stacked(_ upper: TextLine, _ lower: TextLine) -> TextLine? {
        guard upper.page == lower.page, !lower.words.isEmpty, lower.words.count <= 12 else { return nil }
        let gap = lower.box.y0 - upper.box.y1
        let height = max(min(upper.box.height, lower.box.height), 4)
        guard gap > -height * 0.75, gap < height * 0.8 else { return nil }
        var words = upper.words
        var joined = false
        for word in lower.words {
            // The upper word this one overlaps most.
            var best: (index: Int, overlap: Double)?
            for (i, above) in words.enumerated() {
                let overlap = min(above.box.x1, word.box.x1) - max(above.box.x0, word.box.x0)
                if overlap > 0, best == nil || overlap > best!.overlap { best = (i, overlap) }
            }
            if let best {
                words[best.index].text += "\n" + word.text
                words[best.index].box = words[best.index].box.union(word.box)
                joined = true
            } else {
                words.append(word)
            }
        }
        guard joined || upper.words.count < 3 || lower.words.count <= 2 else { return nil }
        words.sort { $0.box.x0 < $1.box.x0 }
        return TextLine(page: upper.page, words: words)
    }
}
