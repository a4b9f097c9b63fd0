internal import DocPDF

/// `FONT_OUTLIER`: in a column of amounts or dates, a value set in another font or size
/// than the rest of the column (an edited value retyped in a near-enough font).
///
/// A column needs at least 5 values, and the column's usual font must hold all but at
/// most two of them (or 90 %): a column of mixed fonts by design says nothing.
enum FontOutlierCheck: ForensicCheck {
    struct Style: Hashable {
        var font: String
        var size: Int  // tenths of a point
    }

    static func run(_ input: ForensicInput) -> [Finding] {
        var findings: [Finding] = []
        for column in input.valueColumns {
            // Turned or white text that landed in a cell (a stamp's glyphs over the column) is
            // furniture, not a value set in another font; so is a cell in a clearly different
            // colour (a stamp's glyphs glued to a value; or a value coloured on purpose, as
            // banks print negative balances in red): a retyped value imitates the column.
            let colours = Dictionary(grouping: column.cells, by: { $0.word.color }).mapValues(\.count)
            guard let ink = colours.max(by: { $0.value < $1.value })?.key else { continue }
            let cells = column.cells.filter {
                $0.word.isUpright && !TextOverlapCheck.isHidden($0.word) && !Self.differ($0.word.color, ink)
            }
            guard cells.count >= 5 else { continue }
            var counts: [Style: Int] = [:]
            for cell in cells { counts[style(cell), default: 0] += 1 }
            guard counts.count > 1, let (modal, modalCount) = counts.max(by: { $0.value < $1.value }) else { continue }
            let outliers = cells.filter { style($0) != modal }
            guard outliers.count <= max(2, cells.count / 10), modalCount >= 4 else { continue }
            let first = outliers[0]
            var evidence: [String: FieldValue] = [
                "column": .string(column.name), "text": .string(first.word.text), "font": .string(first.word.fontName),
                "size": .double(first.word.fontSize), "columnFont": .string(modal.font),
                "columnSize": .double(Double(modal.size) / 10), "outliers": .int(outliers.count), "page": .int(first.page),
            ]
            if let row = first.row { evidence["row"] = .int(row) }
            findings.append(
                Finding(
                    .fontOutlier,
                    "In the \(column.name) column, \"\(first.word.text)\" on page \(first.page) is set in \(first.word.fontName) \(format(first.word.fontSize)) pt; the rest of the column in \(modal.font) \(format(Double(modal.size) / 10)) pt.",
                    page: first.page, evidence: evidence
                )
            )
        }
        return findings
    }

    /// Colours more than a quarter of the scale apart in some channel.
    static func differ(_ a: PDFColor, _ b: PDFColor) -> Bool {
        let limit = 0x4000
        return abs(Int(a.red) - Int(b.red)) > limit || abs(Int(a.green) - Int(b.green)) > limit
            || abs(Int(a.blue) - Int(b.blue)) > limit
    }

    static func style(_ cell: ValueColumn.Cell) -> Style {
        Style(font: cell.word.fontName, size: Int((cell.word.fontSize * 10).rounded()))
    }

    static func format(_ size: Double) -> String {
        size == size.rounded() ? String(Int(size)) : String(size)
    }
}
