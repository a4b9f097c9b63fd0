public import DocPDF

/// A page's text rebuilt as lines from positioned words, by baseline.
///
/// A table-style report puts a label and its value in separate cells: poppler's reading
/// order may then give them on different lines, but their words share a baseline. Words
/// whose vertical centres lie within half a line height of each other form one line,
/// ordered left to right; a horizontal gap wider than 1.5 font sizes between two words is
/// a cell boundary and is kept as a tab, so a value ends where its cell ends.
public enum SesameTextLines {
    public static let cellSeparator: Character = "\t"

    public static func lines(of page: PDFPageText) -> [String] {
        guard !page.words.isEmpty else {
            return page.text.split(whereSeparator: \.isNewline).map(String.init)
        }
        let words = page.words.filter { !$0.text.isEmpty }.sorted { $0.box.midY < $1.box.midY }
        var groups: [[PDFWord]] = []
        var centre = 0.0
        for word in words {
            let height = max(word.box.height, 1)
            if let last = groups.last, let first = last.first,
                abs(word.box.midY - centre) <= 0.5 * min(height, max(first.box.height, 1))
            {
                groups[groups.count - 1].append(word)
                let count = Double(groups[groups.count - 1].count)
                centre += (word.box.midY - centre) / count
            } else {
                groups.append([word])
                centre = word.box.midY
            }
        }
        return groups.map { group in
            let ordered = group.sorted { $0.box.x0 < $1.box.x0 }
            var line = ""
            var previous: PDFWord?
            for word in ordered {
                if let previous {
                    let gap = word.box.x0 - previous.box.x1
                    let size = max(previous.fontSize, word.fontSize, 1)
                    line.append(gap > 1.5 * size ? cellSeparator : " ")
                }
                line += word.text
                previous = word
            }
            return line
        }
    }
}
