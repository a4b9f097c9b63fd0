internal import Foundation
internal import DocPDF

/// The columns of a transaction table, found from its header line.
struct TableLayout: Sendable {
    struct Column: Sendable {
        var kind: ColumnKind
        var x0: Double
        var x1: Double
        var label: String
        var midX: Double { (x0 + x1) / 2 }
    }

    /// Left to right.
    let columns: [Column]
    let pageWidth: Double
    let moneyColumns: [Column]
    /// The narrowest distance between two money columns' middles.
    let moneySpacing: Double
    let hasDebitCredit: Bool
    /// The left edge of the leftmost money column (0 without one).
    let firstMoneyX0: Double
    /// The date column and where its zone ends (the next column's left edge), looked up
    /// once here rather than for every row.
    let dateZone: (column: Column, end: Double)?

    init(columns: [Column], pageWidth: Double) {
        self.columns = columns
        self.pageWidth = pageWidth
        moneyColumns = columns.filter(\.kind.isMoney)
        moneySpacing = zip(moneyColumns, moneyColumns.dropFirst()).map { $1.midX - $0.midX }.min() ?? 120
        hasDebitCredit = columns.contains { $0.kind == .debit } && columns.contains { $0.kind == .credit }
        firstMoneyX0 = moneyColumns.map(\.x0).min() ?? 0
        let date = columns.first { $0.kind == .date }
        dateZone = date.map { date in
            (date, columns.filter { $0.x0 > date.x0 + 0.5 }.map(\.x0).min() ?? pageWidth)
        }
    }

    func first(_ kind: ColumnKind) -> Column? { columns.first { $0.kind == kind } }

    /// A header line names a date column, a balance column and at least one amount column;
    /// known labels must make up most of its words.
    static func detect(_ line: TextLine, pageWidth: Double) -> TableLayout? {
        let words = line.words
        guard words.count >= 3 else { return nil }
        // Cheap tests first: a header carries no amounts or dates (a row naming a withdrawal
        // does), and it names a money column.
        var wordsWithDigits = 0
        for word in words where word.text.containsASCIIDigit {
            wordsWithDigits += 1
            if wordsWithDigits > 1 { return nil }
        }
        let lowered = Array(line.text.lowercased().utf8)
        guard ColumnLabels.moneyPhrases.occurs(in: lowered) else { return nil }
        // It names at least two columns (a row naming its balance names one); labels written
        // without a space between them are split further down, so a long word counts as two.
        let named = Set(ColumnLabels.allPhrases.occurrences(in: lowered).map(\.offset)).count
        guard named >= 2 || words.contains(where: { $0.text.count >= 10 }) else { return nil }
        var columns: [Column] = []
        var unmatched: [PDFWord] = []
        var matchedWords = 0
        func flushUnmatched() {
            guard !unmatched.isEmpty else { return }
            let box = unmatched.dropFirst().reduce(unmatched[0].box) { $0.union($1.box) }
            columns.append(Column(kind: .other, x0: box.x0, x1: box.x1, label: unmatched.map(\.text).joined(separator: " ")))
            unmatched = []
        }
        var i = 0
        while i < words.count {
            var matched = false
            for length in stride(from: min(4, words.count - i), through: 1, by: -1) {
                let slice = words[i..<(i + length)]
                // A label over two or three lines (``TextLine/stacked(_:_:)``) matches as a whole,
                // by its first line, or by its first two (the rest may be its translation).
                var kind: ColumnKind?
                for lines in [Int.max, 2, 1] {
                    let phrase = slice.map { $0.text.split(separator: "\n").prefix(lines).joined(separator: " ") }.joined(separator: " ")
                    if let found = ColumnLabels.kind(of: phrase) {
                        kind = found
                        break
                    }
                    if !slice.contains(where: { $0.text.contains("\n") }) { break }
                }
                guard let kind else { continue }
                flushUnmatched()
                let box = slice.dropFirst().reduce(slice.first!.box) { $0.union($1.box) }
                var k = kind
                if k == .date, columns.contains(where: { $0.kind == .date }) { k = .otherDate }
                let label = slice.map(\.text).joined(separator: " ").replacingOccurrences(of: "\n", with: " ")
                columns.append(Column(kind: k, x0: box.x0, x1: box.x1, label: label))
                matchedWords += length
                i += length
                matched = true
                break
            }
            if !matched, let split = splitConcatenated(words[i]) {
                // Two labels set so tightly that no space came between them ("BuchungsdatumVerwendungszweck").
                flushUnmatched()
                for part in split {
                    var k = part.kind
                    if k == .date, columns.contains(where: { $0.kind == .date }) { k = .otherDate }
                    columns.append(Column(kind: k, x0: part.x0, x1: part.x1, label: part.label))
                }
                matchedWords += 1
                i += 1
                matched = true
            }
            if !matched {
                // Words of one unknown header cell sit close together.
                if let last = unmatched.last, words[i].box.x0 - last.box.x1 > max(words[i].fontSize, 4) {
                    flushUnmatched()
                }
                unmatched.append(words[i])
                i += 1
            }
        }
        flushUnmatched()
        let kinds = Set(columns.map(\.kind))
        // A date column and a money column are the least a transaction table has; the balance
        // column is optional (many statements print none).
        let labelled = columns.filter { $0.kind != .other }.count
        guard kinds.contains(.date), labelled >= 2,
            kinds.contains(.debit) || kinds.contains(.credit) || kinds.contains(.amount),
            Double(matchedWords) >= Double(words.count) * 0.6
        else { return nil }
        return TableLayout(columns: columns.sorted { $0.x0 < $1.x0 }, pageWidth: pageWidth)
    }

    /// A word that is two column labels written without a space, split where the labels
    /// meet; each part's box is estimated from its share of the characters.
    static func splitConcatenated(_ word: PDFWord) -> [Column]? {
        let chars = Array(word.text)
        guard chars.count >= 4 else { return nil }
        for cut in 2..<(chars.count - 1) {
            let left = String(chars[..<cut])
            let right = String(chars[cut...])
            guard let a = ColumnLabels.kind(of: left), let b = ColumnLabels.kind(of: right)
            else { continue }
            let x = word.box.x0 + word.box.width * Double(cut) / Double(chars.count)
            return [
                Column(kind: a, x0: word.box.x0, x1: x, label: left),
                Column(kind: b, x0: x, x1: word.box.x1, label: right),
            ]
        }
        return nil
    }

    /// Where a text token belongs: the text column whose zone (from its label's left edge,
    /// less a little, to the next label's left edge) holds the token's left edge.
    func textColumn(for box: PDFRect) -> ColumnKind {
        var best: Column?
        for column in columns where column.x0 - 6 <= box.x0 {
            if best == nil || column.x0 > best!.x0 { best = column }
        }
        return best?.kind ?? columns.first?.kind ?? .other
    }

    /// How well an amount's box fits a money column: overlap (negative score) or distance.
    private func score(_ box: PDFRect, _ column: Column) -> Double {
        let overlap = min(box.x1, column.x1) - max(box.x0, column.x0)
        if overlap > 0 { return -overlap }
        return min(abs(box.x1 - column.x1), abs(box.midX - column.midX), abs(box.x0 - column.x0))
    }

    /// The money column an amount's box belongs to, and whether its position decides that
    /// clearly. `nil` when the amount sits far from every money column (text in a description).
    func moneyColumn(for box: PDFRect, among kinds: Set<ColumnKind>? = nil) -> (kind: ColumnKind, clear: Bool)? {
        // The best and second-best fitting columns (on a tie the one further left ranks first).
        // Called for every amount of every row, so no arrays are built here.
        var best: (column: Column, score: Double)?
        var second: (column: Column, score: Double)?
        for column in moneyColumns where kinds?.contains(column.kind) ?? true {
            let candidate = (column: column, score: score(box, column))
            if best == nil || candidate.score < best!.score {
                second = best
                best = candidate
            } else if second == nil || candidate.score < second!.score {
                second = candidate
            }
        }
        guard let best else { return nil }
        // Farther than the gap between money columns (or 60 pt) from any of them: not in the table's money area.
        if best.score > max(60, moneySpacing * 0.75) { return nil }
        guard let second else { return (best.column.kind, true) }
        let clear: Bool
        if best.score < 0 {
            clear = second.score >= 0 || -second.score < -best.score * 0.5
        } else {
            clear = second.score > best.score * 1.5 + 3
        }
        return (best.column.kind, clear)
    }
}
