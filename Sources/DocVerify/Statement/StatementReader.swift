public import DocPDF

/// Rebuilds a statement from positioned words: header fields by label, and one transaction
/// table per account by column header (columns), baseline (lines) and line kind (rows).
///
/// Every line is classified once (``LineKind``); rows are assembled from the classified lines.
/// The reader never guesses silently: whatever it cannot place with confidence goes into
/// ``TransactionTable/problems``, and the arithmetic checks stand aside.
public enum StatementReader {
    /// Reads a statement from its pages. With `threads` above 1, the steps that look at one
    /// page alone (lines, the header line, cell tokens, date cells) run in parallel for long
    /// statements; the tables are then built in page order, so the result is the same.
    public static func read(pages: [PDFPageText], threads: Int = 1) -> Statement {
        let fullText = pages.map(\.text).joined(separator: "\u{0C}")
        // How the document writes slash dates, from the whole dates of its text (scanned once).
        let dayFirstDates = DateParser.scan(fullText)
        let slashOrder = DateParser.slashOrder(of: dayFirstDates)
        let prepared = Parallel.map(pages.count, threads: pages.count >= 16 ? threads : 1) {
            PreparedPage(pages[$0], slashOrder: slashOrder)
        }
        var builder = TableBuilder(slashOrder: slashOrder)
        // The label/value pairs of every line that is not part of a table, in printed order.
        var headerLines: [TextLine] = []
        for (page, prepared) in zip(pages, prepared) {
            builder.beginPage(page.number)
            for (index, line) in prepared.lines.enumerated() {
                if !builder.add(line, kind: prepared.kinds[index], next: prepared.kinds[(index + 1)...]) {
                    headerLines.append(line)
                }
            }
        }
        let header = HeaderFieldReader.read(lines: headerLines, slashOrder: slashOrder)
        var tables = builder.finish()
        // Dates without a year take it from the period; without one, from the latest whole date
        // printed (the issue date, a `Balance on 20/11/2026` line): no row postdates the statement.
        let wholeDates = slashOrder == .dayFirst ? dayFirstDates : DateParser.scan(fullText, slashOrder: slashOrder)
        let latest = header.issueDate ?? Self.latest(wholeDates)
        let fallbackYear = latest?.year
        for t in tables.indices {
            for r in tables[t].rows.indices {
                guard let cell = tables[t].rows[r].dateCell else { continue }
                var row = tables[t].rows[r]
                if cell.isPossible, var date = cell.resolved(period: header.period, fallbackYear: fallbackYear) {
                    // Without a period, a statement that runs into a new year shows it by going back in months.
                    if cell.year == nil, header.period == nil, let latest, date > latest,
                        let earlier = CivilDate(year: date.year - 1, month: date.month, day: date.day)
                    {
                        date = earlier
                    }
                    row.date = date
                } else if !cell.isPossible || cell.year != nil {
                    row.impossibleDate = true
                }
                tables[t].rows[r] = row
            }
        }
        let lowered = Array(fullText.lowercased().utf8)
        let filtered = RowLabels.filterPhrases.occurs(in: lowered)
        let isCard = RowLabels.cardPhrases.occurs(in: lowered)
        let impossibleHeaderDates = header.impossibleDates
        return Statement(
            header: header, tables: tables, fullText: fullText, slashOrder: slashOrder,
            impossibleDates: impossibleHeaderDates, filtered: filtered, summaryTotals: SummaryTotals.read(headerLines),
            isCard: isCard
        )
    }

    /// The latest of the whole dates scanned from the text (plausible years only).
    static func latest(_ dates: [(text: String, token: DateParser.Token)]) -> CivilDate? {
        dates.compactMap { item -> CivilDate? in
            if case .date(let d) = item.token { return d }
            return nil
        }.max()
    }
}

/// What one line of a page is, decided once from the line alone and the column header
/// above it on the same page (``PreparedPage``).
enum LineKind: Sendable {
    /// A column header: the table's columns from here on.
    case columnHeader(TableLayout)
    /// A line that starts a transaction: a date in the date column, and what it prints.
    case transaction(DateCellToken, TableCells)
    /// A line under the header without a date: a wrapped description, the time, or the
    /// amounts of the row above (``TableCells/money`` not empty).
    case continuation(TableCells)
    /// A balance printed outside the rows: opening, closing, brought or carried forward.
    case anchor(TableAnchor.Kind, Money, DateCell?)
    /// A total line under the money columns.
    case total(PrintedTotal)
    /// The heading of a section that is not transactions (pending items, interest, fee tables):
    /// rows stop until the next column header.
    case sectionBreak
    /// Anything else: header fields, page furniture, text outside any table.
    case other
}

/// The date cell that starts a row, with the words it took.
struct DateCellToken: Sendable {
    var cell: DateCell
    var words: [PDFWord]
}

/// A line's cells, placed in the columns of the table above it.
struct TableCells: Sendable {
    /// Amounts in money columns.
    var money: [(token: CellToken, column: ColumnKind, clear: Bool)] = []
    /// Words of text, with the column each sits in.
    var text: [(token: CellToken, column: ColumnKind)] = []
    var line: TextLine

    var descriptionText: String {
        text.filter { $0.column == .description || $0.column == .other }.map(\.token.text).joined(separator: " ")
    }

    /// The side a direction column (`收/支`, `Dr/Cr`) gives, when the line has one.
    var direction: RowLabels.Direction? {
        for item in text where item.column == .direction {
            if let side = RowLabels.direction(of: item.token.text) { return side }
        }
        // A DR or CR standing in a column of its own beside the amount (`DR   487.81`).
        if !money.isEmpty, let marker = text.last(where: { CellToken.isSideMarker($0.token.text) }) {
            return marker.token.text.uppercased().hasPrefix("DR") ? .debit : .credit
        }
        return nil
    }
}

/// What one page contributes, worked out without looking at any other page.
struct PreparedPage: Sendable {
    /// The page's lines by baseline.
    var lines: [TextLine]
    /// Each line's kind. Lines above the page's first column header are `.other` or
    /// `.continuation`/`.transaction` against no layout, decided later by the builder.
    var kinds: [PageLineKind]

    init(_ page: PDFPageText, slashOrder: DateParser.SlashOrder) {
        lines = TextLine.lines(of: page)
        var layout: TableLayout?
        var kinds: [PageLineKind] = []
        kinds.reserveCapacity(lines.count)
        // Each line tried as a column header once (a stacked header looks one line ahead).
        let headers = lines.map { TableLayout.detect($0, pageWidth: page.width) }
        var skip = 0
        for (index, line) in lines.enumerated() {
            if skip > 0 {
                // The further lines of a header whose labels stand on several lines.
                skip -= 1
                kinds.append(.classified(.other))
                continue
            }
            if let detected = headers[index] {
                layout = detected
                kinds.append(.classified(.columnHeader(detected)))
            } else if let (detected, extra) = Self.stackedHeader(lines, at: index, headers: headers, pageWidth: page.width) {
                layout = detected
                kinds.append(.classified(.columnHeader(detected)))
                skip = extra
            } else if let layout {
                kinds.append(.classified(LineClassifier.classify(line, layout: layout, slashOrder: slashOrder)))
            } else {
                // Above the page's first header: the table of the previous page may go on here.
                kinds.append(.beforeHeader)
            }
        }
        // On a page with its own column header, what stands above it is the page's header
        // block (it may repeat the opening balance), not the previous page's table going on.
        if let first = kinds.firstIndex(where: { if case .classified(.columnHeader) = $0 { true } else { false } }) {
            for i in 0..<first { kinds[i] = .classified(.other) }
        }
        self.kinds = kinds
    }
}

extension PreparedPage {
    /// A column header over two or three lines starting at `index`, and how many lines it
    /// takes after the first.
    static func stackedHeader(_ lines: [TextLine], at index: Int, headers: [TableLayout?], pageWidth: Double) -> (TableLayout, Int)? {
        // Cheap tests first (this runs for lines that are not headers, most of a statement):
        // labels carry no digits, and the band names a money column.
        guard index + 1 < lines.count,
            !lines[index].words.contains(where: \.text.containsASCIIDigit)
        else { return nil }
        let band = lines[index..<min(lines.count, index + 3)]
        guard band.contains(where: { ColumnLabels.moneyPhrases.occurs(in: Array($0.text.lowercased().utf8)) }) else { return nil }
        // A line of its own above a header (`Domestic Transactions`) is a title, not part of it.
        if headers[index + 1] != nil { return nil }
        guard var merged = TextLine.stacked(lines[index], lines[index + 1]) else { return nil }
        if let detected = TableLayout.detect(merged, pageWidth: pageWidth) { return (detected, 1) }
        guard index + 2 < lines.count, let three = TextLine.stacked(merged, lines[index + 2]) else { return nil }
        merged = three
        return TableLayout.detect(merged, pageWidth: pageWidth).map { ($0, 2) }
    }
}

/// A line's kind as the page alone can tell it.
enum PageLineKind: Sendable {
    case classified(LineKind)
    /// Above the page's first column header: classified by the builder against the layout
    /// carried over from the previous page.
    case beforeHeader
}

enum LineClassifier {
    static func classify(_ line: TextLine, layout: TableLayout, slashOrder: DateParser.SlashOrder) -> LineKind {
        let tokens = CellToken.tokens(line.words)
        var cells = TableCells(line: line)
        for token in tokens {
            if token.amount != nil, token.box.x1 >= layout.firstMoneyX0 - 10, let placed = layout.moneyColumn(for: token.box) {
                cells.money.append((token, placed.kind, placed.clear))
            } else {
                cells.text.append((token, layout.textColumn(for: token.box)))
            }
        }
        let lowered = Array(line.text.lowercased().utf8)
        let dateCell = dateCell(cells, layout: layout, slashOrder: slashOrder)
        if let kind = RowLabels.anchorKind(lowered), cells.money.count >= 1 {
            // `Opening balance 1,234.56`, `Solde précédent au 01/02 1 234,56`: the balance
            // column's amount (or the rightmost one).
            var value = balanceLike(cells, layout: layout)
            // `Solde débiteur`, `Saldo (Soll)`, `BALANCE OF LAST MONTH  DR  487.81`: the balance
            // printed without a sign is overdrawn (or, on a card, owed).
            if !value.isNegative, RowLabels.overdrawnPhrases.occurs(in: lowered) || cells.direction == .debit { value = -value }
            return .anchor(kind, value, dateCell?.cell)
        }
        if let dateCell {
            // The date's words are not description.
            cells.text.removeAll { item in dateCell.words.contains { $0.box == item.token.box } }
            return .transaction(dateCell, cells)
        }
        if !cells.money.isEmpty {
            if RowLabels.totalPhrases.occurs(in: lowered) && !RowLabels.subtotalExclusions.occurs(in: lowered) {
                // `Total withdrawals 44.00  Hold amount 0.00`: labelled fields of a summary box,
                // read as header fields, not a total under the columns.
                if !HeaderFieldReader.pairs(in: line.text).isEmpty { return .other }
                var total = PrintedTotal(page: line.page)
                // More amounts than the table has amount columns: a summary box, not a total of the rows.
                let amountColumns = layout.moneyColumns.filter { $0.kind != .balance }.count
                guard cells.money.count <= max(1, amountColumns) else { return .other }
                let namesCredits = SummaryTotals.creditPhrases.occurs(in: lowered)
                let namesDebits = SummaryTotals.debitPhrases.occurs(in: lowered)
                if cells.money.count == 1, namesCredits != namesDebits {
                    let value = cells.money[0].token.amount!.value.magnitude
                    if namesCredits { total.credits = value } else { total.debits = value }
                    return .total(total)
                }
                for m in cells.money {
                    let value = m.token.amount!.value
                    switch m.column {
                    case .debit: total.debits = value.magnitude
                    case .credit: total.credits = value.magnitude
                    case .amount: total.net = value
                    default: break
                    }
                }
                total.isSubtotalLine = RowLabels.subtotalPhrases.occurs(in: lowered)
                if total.debits != nil || total.credits != nil || total.net != nil { return .total(total) }
                return .other
            }
            return .continuation(cells)
        }
        // `SUB-TOTAL   .00` printed left of the amount column (a card's balance under its rows).
        if RowLabels.subtotalPhrases.occurs(in: lowered), let amount = cells.text.compactMap(\.token.amount).last {
            var total = PrintedTotal(page: line.page)
            total.net = amount.value
            total.isSubtotalLine = true
            return .total(total)
        }
        if line.words.count <= 8, RowLabels.sectionPhrases.startsLine(lowered) { return .sectionBreak }
        // `Closing balance: …`, `Total credits: …` under the table are header fields, not a wrapped description.
        if !HeaderFieldReader.pairs(in: line.text).isEmpty { return .other }
        return .continuation(cells)
    }

    /// The date cell at the left of the date column's zone, if the line starts a row.
    static func dateCell(_ cells: TableCells, layout: TableLayout, slashOrder: DateParser.SlashOrder) -> DateCellToken? {
        guard let (dateColumn, zoneEnd) = layout.dateZone else { return nil }
        let text = cells.text
        guard let start = text.firstIndex(where: { $0.token.box.x0 >= dateColumn.x0 - 12 && $0.token.box.x0 < zoneEnd - 2 }) else {
            return nil
        }
        // Words of the cell: from the first in the zone, while they stay in the zone or touch the previous word.
        var words: [PDFWord] = []
        var k = start
        while k < text.count, words.count < 5 {
            let token = text[k].token
            if let last = words.last {
                let gap = token.box.x0 - last.box.x1
                guard token.box.x0 < zoneEnd - 2 || gap < max(last.fontSize, 4) * 0.8 else { break }
            }
            words += token.words
            k += 1
        }
        guard let cell = DateCellParser.parse(words.map(\.text), slashOrder: slashOrder) else { return nil }
        return DateCellToken(cell: cell, words: Array(words.prefix(cell.wordCount)))
    }

    static func balanceLike(_ cells: TableCells, layout: TableLayout) -> Money {
        if let balance = cells.money.first(where: { $0.column == .balance }) { return balance.token.amount!.value }
        return cells.money.max { $0.token.box.x1 < $1.token.box.x1 }!.token.amount!.value
    }
}

/// A word or a few adjacent words read as one amount, or one word of text.
struct CellToken: Sendable {
    var text: String
    var box: PDFRect
    var words: [PDFWord]
    var amount: ParsedAmount?

    /// Merges adjacent words that together read as one amount (`1 234,56`, `1,234.56 DR`, `EUR 12.00`),
    /// after splitting a label glued to its value (`期末余额：1,234.56`, `Saldo:1.234,56`).
    static func tokens(_ printed: [PDFWord]) -> [CellToken] {
        let words =
            printed.contains(where: { $0.text.unicodeScalars.contains { $0 == ":" || $0 == "：" } })
            ? printed.flatMap(splitAtColon) : printed
        var out: [CellToken] = []
        var i = 0
        while i < words.count {
            var taken = false
            // Multi-word amounts only where the words can be parts of one (digits, signs, DR/CR, currency).
            var longest = 1
            while longest < 3, i + longest < words.count, Self.amountPart(words[i + longest - 1].text),
                Self.amountPart(words[i + longest].text)
            {
                longest += 1
            }
            for length in stride(from: longest, through: 2, by: -1) {
                let slice = Array(words[i..<(i + length)])
                // A DR/CR after the amount may stand a little apart (`$35.93  DR`).
                let tight = zip(slice, slice.dropFirst()).allSatisfy { a, b in
                    b.box.x0 - a.box.x1 < max(a.fontSize, 4) * (Self.isSideMarker(b.text) ? 2.0 : 0.6)
                }
                if !tight { continue }
                let text = slice.map(\.text).joined(separator: " ")
                if let amount = AmountParser.parse(text) {
                    let box = slice.dropFirst().reduce(slice[0].box) { $0.union($1.box) }
                    out.append(CellToken(text: text, box: box, words: slice, amount: amount))
                    i += length
                    taken = true
                    break
                }
            }
            if !taken {
                // One word, an amount or not (most words).
                let word = words[i]
                out.append(CellToken(text: word.text, box: word.box, words: [word], amount: AmountParser.parse(word.text)))
                i += 1
            }
        }
        return out
    }

    /// A word `label:value` as two words, each with its share of the box; other words as they are.
    static func splitAtColon(_ word: PDFWord) -> [PDFWord] {
        let chars = Array(word.text)
        guard let colon = chars.lastIndex(where: { $0 == ":" || $0 == "：" }), colon > 0, colon + 1 < chars.count,
            chars[colon + 1].isASCIIDigit || chars[colon + 1] == "-"
        else { return [word] }
        let cut = word.box.x0 + word.box.width * Double(colon + 1) / Double(chars.count)
        var label = word
        label.text = String(chars[...colon])
        label.box.x1 = cut
        var value = word
        value.text = String(chars[(colon + 1)...])
        value.box.x0 = cut
        return [label, value]
    }

    /// `DR`, `CR`, `Dr.`, `Cr.` in any letter case.
    static func isSideMarker(_ text: String) -> Bool {
        let t = text.uppercased()
        return t == "DR" || t == "CR" || t == "DR." || t == "CR."
    }

    /// Whether a word can be one part of an amount printed as several words.
    static func amountPart(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count <= 16 else { return false }
        if utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2C || $0 == 0x2E || $0 == 0x27 || $0 == 0x2D || $0 == 0x2B || $0 == 0x28 || $0 == 0x29 }) {
            return true
        }
        // An amount with its currency glued on (`$35.93`, `¥360.34`), to take a DR/CR after it.
        if text.containsASCIIDigit { return AmountParser.parse(text) != nil }
        // DR/CR or a currency, in any letter case; compared byte by byte because this runs
        // for nearly every word of a statement.
        return markerTokens.contains { token in
            token.count == utf8.count
                && zip(token, utf8).allSatisfy { expected, byte in
                    expected == ((byte >= 0x61 && byte <= 0x7A) ? byte - 0x20 : byte)
                }
        }
    }

    /// `DR`, `CR` and the currency tokens, upper case, as UTF-8.
    private static let markerTokens: [[UInt8]] = (["DR", "CR", "DR.", "CR."] + AmountParser.currencyTokens).map { Array($0.utf8) }
}

/// Assembles rows and tables from classified lines, page after page.
struct TableBuilder {
    var slashOrder: DateParser.SlashOrder = .dayFirst
    private(set) var tables: [TransactionTable] = []
    private var current = TransactionTable()
    private var layout: TableLayout?
    private var page = 0
    private var rowOnPage = 0
    /// The row being assembled (added to ``current`` when the next one starts).
    private var open: OpenRow?
    /// The bottom of the last line that belonged to a row (for continuation distance).
    private var lastRowBottom: Double?
    private var lineHeight: Double = 10
    /// Whether the current table has seen its closing balance: a later header or opening starts a new table.
    private var closed = false
    /// Rows read in all tables before the current one (for 1-based global row indices).
    private var rowCount = 0

    struct OpenRow {
        var row: StatementRow
        var money: [(token: CellToken, column: ColumnKind, clear: Bool)]
        var direction: RowLabels.Direction?
    }

    init(slashOrder: DateParser.SlashOrder) { self.slashOrder = slashOrder }

    mutating func beginPage(_ number: Int) {
        page = number
        rowOnPage = 0
        lastRowBottom = nil
    }

    /// Adds one line. Returns false when the line is not part of any table (its label/value
    /// pairs then count as header fields).
    mutating func add(_ line: TextLine, kind pageKind: PageLineKind, next: ArraySlice<PageLineKind>) -> Bool {
        let kind: LineKind
        switch pageKind {
        case .classified(let k): kind = k
        case .beforeHeader:
            guard let layout, !closed else { return false }
            kind = LineClassifier.classify(line, layout: layout, slashOrder: slashOrder)
        }
        lineHeight = max(4, line.box.height)
        switch kind {
        case .columnHeader(let newLayout):
            addHeader(newLayout)
            return true
        case .transaction(let date, let cells):
            return addDated(line, date: date, cells: cells, next: next)
        case .continuation(let cells):
            return addContinuation(line, cells: cells)
        case .anchor(let printedKind, let value, let date):
            addAnchor(line, kind: printedKind, value: value, date: date)
            // The line may also carry labelled fields (`Total debits: … Closing balance: …`).
            return false
        case .total(let total):
            addTotal(total)
            return false
        case .sectionBreak:
            flushRow()
            if layout != nil { closed = true }
            return false
        case .other:
            // A line of labelled fields under the rows (a summary box) ends the row above it:
            // the amounts printed under those labels are no undated rows.
            if layout != nil, open != nil || lastRowBottom != nil {
                flushRow()
                lastRowBottom = nil
            }
            return false
        }
    }

    /// A column header. A second header on a page that already has rows of this table, or
    /// after the table's closing balance, starts the next account's table.
    private mutating func addHeader(_ newLayout: TableLayout) {
        if closed || (rowOnPage > 0 && layout != nil) {
            let afterClosing = closed
            startTable()
            // After a table's closing balance, another table is an account only if it opens
            // with a balance of its own; else it is a section (interest rates, a summary).
            current.needsOpening = afterClosing
        }
        adopt(newLayout)
        current.hasHeader = true
        layout = newLayout
        closed = false
        flushRow()
    }

    /// A line with a date cell: a row of its own, or the open row's second date.
    private mutating func addDated(_ line: TextLine, date: DateCellToken, cells: TableCells, next: ArraySlice<PageLineKind>) -> Bool {
        guard layout != nil, !closed else { return false }
        // A date line without amounts right under a row that has them, when no amount
        // follows before the next date, is that row's second date (a value date stacked
        // under the booking date), not a row of its own.
        if cells.money.isEmpty, let open, !open.money.isEmpty, isNear(line), !moneyFollows(next) {
            appendDescription(cells)
            lastRowBottom = line.box.y1
            return true
        }
        openRow(cells, line: line, date: date)
        return true
    }

    /// A line without a date: the open row's next line, an undated row, or not the table's.
    private mutating func addContinuation(_ line: TextLine, cells: TableCells) -> Bool {
        guard layout != nil, !closed else { return false }
        guard isNear(line) else {
            if cells.money.contains(where: { $0.token.amount!.value != .zero }) && !current.rows.isEmpty {
                current.orphanLines.append(rowsSoFar)
            }
            return false
        }
        if !cells.money.isEmpty, open.map({ !$0.money.isEmpty }) ?? true {
            // A line of its own with an amount and a text but no date, under a complete row
            // or a balance line: an undated row (the day's next transaction, interest, a fee).
            guard !cells.descriptionText.isEmpty, cells.money.contains(where: { $0.column != .balance }) else {
                if cells.money.contains(where: { $0.token.amount!.value != .zero }) { current.orphanLines.append(rowsSoFar) }
                return false
            }
            openRow(cells, line: line, date: nil)
            return true
        }
        guard open != nil else { return false }
        if !cells.money.isEmpty {
            // Amounts on the row's second line, when its first printed none.
            open?.money = cells.money
        }
        if open?.direction == nil { open?.direction = cells.direction }
        appendDescription(cells)
        lastRowBottom = line.box.y1
        return true
    }

    /// A printed balance (opening, brought forward, closing), which may start another table.
    private mutating func addAnchor(_ line: TextLine, kind printedKind: TableAnchor.Kind, value: Money, date: DateCell?) {
        guard layout != nil else { return }
        flushRow()
        var anchorKind = printedKind
        // A balance brought forward dated before the rows above it opens another account's
        // table (the next account of a combined statement starts again at the period's start).
        if anchorKind == .broughtForward, let date, let year = date.year,
            let last = current.rows.last(where: { $0.dateCell?.year != nil })?.dateCell,
            (year, date.month, date.day) < (last.year!, last.month, last.day)
        {
            startTable()
        }
        if anchorKind == .stated { anchorKind = current.rows.isEmpty ? .opening : .closing }
        if anchorKind == .opening && !current.rows.isEmpty { startTable() }
        if anchorKind == .broughtForward && closed { startTable() }
        current.anchors.append(TableAnchor(kind: anchorKind, page: page, value: value, rowsBefore: current.rows.count))
        if anchorKind == .closing { closed = true }
        lastRowBottom = line.box.y1
    }

    /// A printed total line, or a card's subtotal that closes its rows.
    private mutating func addTotal(_ total: PrintedTotal) {
        guard layout != nil, !closed else { return }
        flushRow()
        // `SUB-TOTAL  .00` under a card's rows that began with its previous balance.
        if total.isSubtotalLine, let value = total.net ?? total.debits.map({ -$0 }) ?? total.credits,
            current.anchors.contains(where: { $0.kind == .opening && $0.rowsBefore == 0 }),
            !current.anchors.contains(where: { $0.kind == .closing || $0.kind == .subtotal })
        {
            current.anchors.append(TableAnchor(kind: .subtotal, page: page, value: value.magnitude, rowsBefore: current.rows.count))
            return
        }
        var total = total
        total.rowsBefore = current.rows.count
        current.totals.append(total)
    }

    /// Rows of the current table so far, the open one included.
    private var rowsSoFar: Int { current.rows.count + (open == nil ? 0 : 1) }

    private func isNear(_ line: TextLine) -> Bool {
        guard let bottom = lastRowBottom else { return false }
        return line.box.y0 - bottom < max(lineHeight, 6) * 2.2
    }

    /// Whether an amount line comes before the next date line among the lines that follow.
    private func moneyFollows(_ next: ArraySlice<PageLineKind>) -> Bool {
        for kind in next.prefix(4) {
            guard case .classified(let k) = kind else { return false }
            switch k {
            case .continuation(let cells): if !cells.money.isEmpty { return true }
            default: return false
            }
        }
        return false
    }

    /// Starts a row from a line: dated by its date cell, or undated (a day's next row, interest).
    private mutating func openRow(_ cells: TableCells, line: TextLine, date: DateCellToken?) {
        flushRow()
        rowOnPage += 1
        var row = StatementRow(
            page: page, index: 0, rowOnPage: rowOnPage, dateText: date?.cell.text ?? "", date: nil, impossibleDate: false,
            description: cells.descriptionText, amount: nil, magnitude: nil, balance: nil, cells: [:]
        )
        if let date {
            row.dateCell = date.cell
            row.cells[ColumnKind.date.rawValue] = date.words
        }
        open = OpenRow(row: row, money: cells.money, direction: cells.direction)
        lastRowBottom = line.box.y1
    }

    private mutating func appendDescription(_ cells: TableCells) {
        let extra = cells.descriptionText
        guard !extra.isEmpty, let description = open?.row.description else { return }
        open?.row.description = description.isEmpty ? extra : description + " " + extra
    }

    /// Takes a column header's columns for the current table (a repeated header keeps what an
    /// earlier page's header named).
    private mutating func adopt(_ layout: TableLayout) {
        if current.columnLabels.isEmpty { current.columnLabels = layout.columns.map(\.label) }
        current.hasBalanceColumn = current.hasBalanceColumn || layout.first(.balance) != nil
        current.hasDebitCredit = current.hasDebitCredit || layout.hasDebitCredit
        current.hasDirection = current.hasDirection || layout.first(.direction) != nil
    }

    private mutating func startTable() {
        flushRow()
        if !current.rows.isEmpty || !current.anchors.isEmpty { tables.append(current) }
        let keepHeader = current.hasHeader
        current = TransactionTable()
        current.hasHeader = keepHeader && layout != nil
        if let layout { adopt(layout) }
        closed = false
    }

    /// An amount or balance cell of a row, with the column it was read under.
    private typealias MoneyCell = (token: CellToken, column: ColumnKind, clear: Bool)

    /// Turns the open row's cells into amount and balance, and adds it to the table.
    private mutating func flushRow() {
        guard let open else { return }
        self.open = nil
        guard !open.money.isEmpty else {
            // A dated line that never got an amount is not a transaction (a note, a heading).
            rowOnPage -= 1
            return
        }
        rowCount += 1
        var row = open.row
        row.index = rowCount
        let money = open.money
        let balances = money.filter { $0.column == .balance }
        let amounts = money.filter { $0.column != .balance }
        var balance: MoneyCell?
        var amount: MoneyCell?
        if balances.count <= 1 && amounts.count == 1 {
            balance = balances.first
            amount = amounts[0]
        } else if money.count == 2, let balanceColumn = layout?.first(.balance) {
            // Positions alone did not separate them: the one nearer the balance column is the balance.
            let sorted = money.sorted { abs($0.token.box.x1 - balanceColumn.x1) < abs($1.token.box.x1 - balanceColumn.x1) }
            balance = sorted[0]
            let other = sorted[1]
            amount = (other.token, layout?.moneyColumn(for: other.token.box, among: [.debit, .credit, .amount])?.kind ?? .amount, false)
        } else if money.count == 1, balances.count == 1, !current.hasBalanceColumn {
            amount = (money[0].token, .amount, false)
        } else if money.count == 1, balances.count == 1 {
            // Only a balance on a dated line (`Balance brought forward` with a date, an
            // interest line): no transaction, the balance carries the chain on.
            row.balance = balances[0].token.amount!.value
            row.cells[ColumnKind.balance.rawValue] = balances[0].token.words
            row.balanceOnly = true
            current.rows.append(row)
            return
        }
        guard let amount else {
            current.problems.append(
                "row \(row.index) on page \(row.page) has \(money.count) amounts where one amount\(current.hasBalanceColumn ? " and a balance were" : " was") expected"
            )
            current.rows.append(row)
            return
        }
        fill(&row, amount: amount, balance: balance, direction: open.direction)
        current.rows.append(row)
    }

    /// Sets a row's balance, magnitude and signed amount from its cells.
    private mutating func fill(_ row: inout StatementRow, amount: MoneyCell, balance: MoneyCell?, direction: RowLabels.Direction?) {
        if let balance {
            row.balance = balance.token.amount!.value
            row.cells[ColumnKind.balance.rawValue] = balance.token.words
        }
        // No balance on a row of a table that has the column: banks print it once per day or
        // per page; the chain checks the sum of the rows up to the next printed balance.
        let parsed = amount.token.amount!
        if Self.hasStrayLeadingDigit(amount.token.text) || balance.map({ Self.hasStrayLeadingDigit($0.token.text) }) == true {
            current.problems.append(
                "row \(row.index) on page \(row.page) prints an amount with a leading zero (\(amount.token.text)): the text layer adds glyphs to this column's amounts"
            )
        }
        row.magnitude = parsed.value.magnitude
        row.cells[amount.column == .balance ? ColumnKind.amount.rawValue : amount.column.rawValue] = amount.token.words
        if parsed.value == .zero {
            // A zero amount (a cashback of 0.00) has no side to tell.
            row.amount = .zero
        } else if let direction {
            switch direction {
            case .credit: row.amount = parsed.value.magnitude
            case .debit: row.amount = -parsed.value.magnitude
            case .neutral:
                row.neutral = true
                row.amount = nil
            }
        } else if amount.column == .amount || !(current.hasDebitCredit) {
            // One signed amount column: the printed sign decides; unsigned amounts are credits
            // only if the table prints signs at all (decided in finish()).
            if let marker = parsed.marker {
                current.sawSignedAmount = true
                if marker == .credit { current.sawCreditMarker = true } else { current.sawDebitMarker = true }
            }
            row.amount = parsed.marker == nil ? nil : parsed.value
        } else if amount.clear && (amount.column == .debit || amount.column == .credit) {
            row.amount = amount.column == .debit ? -parsed.value.magnitude : parsed.value.magnitude
        } else if let marker = parsed.marker {
            row.amount = marker == .debit ? -parsed.value.magnitude : parsed.value.magnitude
        } else {
            row.amount = nil
        }
    }

    /// `0800.00`, `03,607.00`: no bank prints an amount so; a glyph of the column's rule or
    /// bracket came out of the text layer as a digit, so the amounts cannot be trusted as read.
    static func hasStrayLeadingDigit(_ text: String) -> Bool {
        let digits = text.unicodeScalars.drop { !("0"..."9").contains($0) }
        guard let first = digits.first, first == "0", let second = digits.dropFirst().first else { return false }
        return ("0"..."9").contains(second)
    }

    mutating func finish() -> [TransactionTable] {
        flushRow()
        if !current.rows.isEmpty || !current.anchors.isEmpty || tables.isEmpty { tables.append(current) }
        // A balance line after the last table (a summary's `Saldo final`) is no account of its own,
        // nor a table after a closing balance that opens with none.
        tables.removeAll { table in
            table.needsOpening && !table.anchors.contains { ($0.kind == .opening || $0.kind == .broughtForward) && $0.rowsBefore == 0 }
        }
        let transactions: (TransactionTable) -> Bool = { $0.rows.contains { !$0.balanceOnly } }
        if tables.contains(where: transactions) { tables.removeAll { !transactions($0) } }
        let anyCreditMarker = tables.contains(where: \.sawCreditMarker)
        let anyDebitMarker = tables.contains(where: \.sawDebitMarker)
        for t in tables.indices {
            var table = tables[t]
            if !table.hasHeader {
                table.problems.append("no column header naming a date and an amount column was found")
            }
            // A signed amount column that prints signs: unsigned amounts there are credits.
            // A column that marks only its credits (`17,706.01 Cr`, a card's payments) leaves its
            // debits unmarked, and the other way round; with both kinds marked, an unmarked
            // amount's side is unknown.
            // A table too short to mark either side follows the statement's other tables (one per card).
            let credits = table.sawSignedAmount ? table.sawCreditMarker : anyCreditMarker
            let debits = table.sawSignedAmount ? table.sawDebitMarker : anyDebitMarker
            if credits || debits, !table.hasDebitCredit, !table.hasDirection, credits != debits {
                let unmarkedAreDebits = credits
                for i in table.rows.indices where table.rows[i].amount == nil && !table.rows[i].neutral {
                    if let magnitude = table.rows[i].magnitude, table.rows[i].cells[ColumnKind.amount.rawValue] != nil {
                        table.rows[i].amount = unmarkedAreDebits ? -magnitude : magnitude
                    }
                }
            }
            tables[t] = table
        }
        return tables
    }
}
