public import DocPDF

/// Rebuilds a statement from positioned words: header fields by label, the transaction
/// table by baseline (rows) and header positions (columns).
///
/// It never guesses silently: whatever it cannot place with confidence goes into
/// ``TransactionTable/problems``, and the arithmetic checks stand aside.
public enum StatementReader {
    /// Reads a statement from its pages. With `threads` above 1, the steps that look at one
    /// page alone (lines, the header line, amount tokens, dates) run in parallel for long
    /// statements; the table is then built in page order, so the result is the same.
    public static func read(pages: [PDFPageText], threads: Int = 1) -> Statement {
        let prepared = Parallel.map(pages.count, threads: pages.count >= 16 ? threads : 1) { PreparedPage(pages[$0]) }
        let fullText = pages.map(\.text).joined(separator: "\u{0C}")
        // A date never runs across a page break, so the pages' dates are the whole text's.
        let dateTokens = prepared.flatMap(\.dateTokens)
        let slashOrder = DateParser.slashOrder(of: dateTokens)
        var impossible: [String] = []
        for item in dateTokens {
            let token = slashOrder == .dayFirst || !item.text.contains("/")
                ? item.token : DateParser.parse(Substring(item.text), slashOrder: slashOrder) ?? item.token
            if case .impossible(let text) = token, !impossible.contains(text) { impossible.append(text) }
        }
        var builder = TableBuilder(slashOrder: slashOrder)
        // The label/value pairs of every line that is not a table row, in printed order.
        var headerPairs: [HeaderFieldReader.LinePairs] = []
        for (page, prepared) in zip(pages, prepared) {
            let lines = prepared.lines
            var start = 0
            if let header = prepared.header {
                if builder.layout == nil { builder.table.columnLabels = header.layout.columns.map(\.label) }
                builder.layout = header.layout
                builder.table.hasHeader = true
                headerPairs += prepared.preamble
                start = header.index + 1
            } else if builder.layout == nil {
                headerPairs += lines.map(HeaderFieldReader.LinePairs.init)
                continue
            }
            builder.beginPage(page.number)
            for index in start..<lines.count {
                if !builder.add(lines[index], tokens: prepared.tokens[index]) {
                    headerPairs.append(HeaderFieldReader.LinePairs(lines[index]))
                }
            }
        }
        builder.finish()
        return Statement(
            header: HeaderFieldReader.read(headerPairs), table: builder.table, fullText: fullText, slashOrder: slashOrder,
            impossibleDates: impossible
        )
    }
}

/// What one page contributes, worked out without looking at any other page.
struct PreparedPage: Sendable {
    /// The page's lines by baseline.
    var lines: [TextLine]
    /// The first line that reads as a table header, and the columns it names.
    var header: (index: Int, layout: TableLayout)?
    /// Each line's cell tokens (empty for lines above the header, which are never table rows).
    var tokens: [[CellToken]]
    /// The label/value pairs of the lines above the header (header fields live there).
    var preamble: [HeaderFieldReader.LinePairs]
    /// Date-shaped text on the page, read day-first.
    var dateTokens: [(text: String, token: DateParser.Token)]

    init(_ page: PDFPageText) {
        let lines = TextLine.lines(of: page)
        var header: (index: Int, layout: TableLayout)?
        for (index, line) in lines.enumerated() {
            if let layout = TableLayout.detect(line, pageWidth: page.width) {
                header = (index, layout)
                break
            }
        }
        let firstRow = header.map { $0.index + 1 } ?? 0
        self.lines = lines
        self.header = header
        tokens = lines.indices.map { $0 < firstRow ? [] : TableBuilder.tokens(lines[$0].words) }
        preamble = header.map { lines[..<$0.index].map(HeaderFieldReader.LinePairs.init) } ?? []
        dateTokens = DateParser.scan(page.text)
    }
}

/// A word or a few adjacent words read as one amount, or one word of text.
struct CellToken: Sendable {
    var text: String
    var box: PDFRect
    var words: [PDFWord]
    var amount: ParsedAmount?
}

struct TableBuilder {
    var layout: TableLayout?
    var table = TransactionTable()
    let slashOrder: DateParser.SlashOrder
    private var page = 0
    private var rowOnPage = 0
    private var lastRowBottom: Double?
    private var rowPitch: Double?
    /// Unsigned amounts in a signed amount column: their side is known only if some row prints a sign.
    private var sawSignedAmount = false

    init(slashOrder: DateParser.SlashOrder) { self.slashOrder = slashOrder }

    mutating func beginPage(_ number: Int) {
        page = number
        rowOnPage = 0
        lastRowBottom = nil
    }

    /// Merges adjacent words that together read as one amount (`1 234,56`, `1,234.56 DR`, `EUR 12.00`).
    static func tokens(_ words: [PDFWord]) -> [CellToken] {
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
                let tight = zip(slice, slice.dropFirst()).allSatisfy { $1.box.x0 - $0.box.x1 < max($0.fontSize, 4) * 0.6 }
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

    /// Whether a word can be one part of an amount printed as several words.
    static func amountPart(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count <= 16 else { return false }
        if utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2C || $0 == 0x2E || $0 == 0x27 || $0 == 0x2D || $0 == 0x2B || $0 == 0x28 || $0 == 0x29 }) {
            return true
        }
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
    private static let markerTokens: [[UInt8]] = (["DR", "CR"] + AmountParser.currencyTokens).map { Array($0.utf8) }

    /// Adds one line below the header, with its ``tokens(_:)``. Returns false when the line is not part of the
    /// table (it then counts as header/footer text).
    mutating func add(_ line: TextLine, tokens: [CellToken]) -> Bool {
        guard let layout else { return false }
        var lowered: String { line.text.lowercased() }

        // Money tokens in the table's money area.
        let firstMoneyX0 = layout.firstMoneyX0
        var money: [(token: CellToken, column: ColumnKind, clear: Bool)] = []
        var text: [CellToken] = []
        for token in tokens {
            if token.amount != nil, token.box.x1 >= firstMoneyX0 - 10,
                let placed = layout.moneyColumn(for: token.box)
            {
                money.append((token, placed.kind, placed.clear))
            } else {
                text.append(token)
            }
        }

        // The date cell: the first token in the date column's zone.
        var dateToken: (token: CellToken, parsed: DateParser.Token)?
        if let (dateColumn, zoneEnd) = layout.dateZone {
            for token in text where token.box.x0 >= dateColumn.x0 - 8 && token.box.x0 < zoneEnd - 2 {
                if let parsed = DateParser.parse(Substring(token.text), compact: true, slashOrder: slashOrder) {
                    dateToken = (token, parsed)
                }
                break
            }
        }

        if let dateToken {
            if money.count == 1, let kind = Self.anchorKind(lowered) {
                table.anchors.append(TableAnchor(kind: kind, page: page, value: money[0].token.amount!.value, rowsBefore: table.rows.count))
                return true
            }
            addRow(line: line, date: dateToken, money: money, text: text, layout: layout)
            return true
        }

        // Lines without a date: carries, opening/closing, totals, wrapped descriptions.
        if !money.isEmpty {
            let balanceLike = money.min { a, b in
                let balance = layout.first(.balance)
                let da = abs(a.token.box.x1 - (balance?.x1 ?? 0))
                let db = abs(b.token.box.x1 - (balance?.x1 ?? 0))
                return da < db
            }!.token.amount!.value
            let anchorKind = Self.anchorKind(lowered)
            if let anchorKind {
                table.anchors.append(TableAnchor(kind: anchorKind, page: page, value: balanceLike, rowsBefore: table.rows.count))
                return false
            }
            let labelledTotals = HeaderFieldReader.pairs(in: line.text).contains {
                $0.field == .totalDebits || $0.field == .totalCredits
            }
            if !labelledTotals, RowLabels.totalPhrases.occurs(in: Array(lowered.utf8)) {
                var total = PrintedTotal(page: page)
                for m in money {
                    let value = m.token.amount!.value
                    switch m.column {
                    case .debit: total.debits = value.magnitude
                    case .credit: total.credits = value.magnitude
                    case .amount: total.net = value
                    default: break
                    }
                }
                table.totals.append(total)
                return false
            }
            return false
        }
        // A wrapped description: text only, right under the previous row.
        if let bottom = lastRowBottom, !table.rows.isEmpty, line.box.y0 - bottom < (rowPitch ?? line.box.height * 1.6) * 0.9,
            text.allSatisfy({ layout.textColumn(for: $0.box) != .date })
        {
            let extra = text.filter { layout.textColumn(for: $0.box) == .description }.map(\.text).joined(separator: " ")
            if !extra.isEmpty {
                table.rows[table.rows.count - 1].description += " " + extra
            }
            lastRowBottom = line.box.y1
            return true
        }
        return false
    }

    private mutating func addRow(
        line: TextLine, date: (token: CellToken, parsed: DateParser.Token),
        money: [(token: CellToken, column: ColumnKind, clear: Bool)], text: [CellToken], layout: TableLayout
    ) {
        rowOnPage += 1
        if let bottom = lastRowBottom { rowPitch = rowPitch.map { min($0, line.box.y1 - bottom) } ?? (line.box.y1 - bottom) }
        lastRowBottom = line.box.y1
        var row = StatementRow(
            page: page, index: table.rows.count + 1, rowOnPage: rowOnPage, dateText: date.token.text, date: nil,
            impossibleDate: false, description: "", amount: nil, magnitude: nil, balance: nil, cells: [:]
        )
        switch date.parsed {
        case .date(let d): row.date = d
        case .impossible: row.impossibleDate = true
        }
        row.cells[ColumnKind.date.rawValue] = date.token.words
        row.description = text.filter { $0.box.x0 > date.token.box.x0 && layout.textColumn(for: $0.box) == .description }
            .map(\.text).joined(separator: " ")

        // Exactly one balance and one amount.
        let balances = money.filter { $0.column == .balance }
        let amounts = money.filter { $0.column != .balance }
        var balance: (token: CellToken, column: ColumnKind, clear: Bool)?
        var amount: (token: CellToken, column: ColumnKind, clear: Bool)?
        if balances.count == 1 && amounts.count == 1 {
            balance = balances[0]
            amount = amounts[0]
        } else if money.count == 2, let balanceColumn = layout.first(.balance) {
            // Positions alone did not separate them: the one nearer the balance column is the balance.
            let sorted = money.sorted { abs($0.token.box.x1 - balanceColumn.x1) < abs($1.token.box.x1 - balanceColumn.x1) }
            balance = sorted[0]
            let other = sorted[1]
            amount = (other.token, layout.moneyColumn(for: other.token.box, among: [.debit, .credit, .amount])?.kind ?? .amount, false)
        }
        guard let balance, var amount else {
            table.problems.append("row \(row.index) on page \(page) has \(money.count) amounts where an amount and a balance were expected")
            table.rows.append(row)
            return
        }
        row.balance = balance.token.amount!.value
        row.cells[ColumnKind.balance.rawValue] = balance.token.words
        let parsed = amount.token.amount!
        row.magnitude = parsed.value.magnitude
        row.cells[amount.column == .balance ? ColumnKind.amount.rawValue : amount.column.rawValue] = amount.token.words
        if amount.column == .amount, !layout.hasDebitCredit {
            // One signed amount column: the printed sign decides; unsigned amounts are credits
            // only if the table prints signs at all (decided in finish()).
            if parsed.marker != nil { sawSignedAmount = true }
            row.amount = parsed.marker == nil ? nil : parsed.value
        } else if amount.clear && (amount.column == .debit || amount.column == .credit) {
            row.amount = amount.column == .debit ? -parsed.value.magnitude : parsed.value.magnitude
        } else if let marker = parsed.marker {
            row.amount = marker == .debit ? -parsed.value.magnitude : parsed.value.magnitude
        } else {
            amount.clear = false
            row.amount = nil
        }
        table.rows.append(row)
    }

    static func anchorKind(_ lowered: String) -> TableAnchor.Kind? {
        let bytes = Array(lowered.utf8)
        if RowLabels.broughtForwardPhrases.occurs(in: bytes) { return .broughtForward }
        if RowLabels.carriedForwardPhrases.occurs(in: bytes) { return .carriedForward }
        if RowLabels.openingPhrases.occurs(in: bytes) { return .opening }
        if RowLabels.closingPhrases.occurs(in: bytes) { return .closing }
        return nil
    }

    mutating func finish() {
        if !table.hasHeader {
            table.problems.append("no column header naming a date, an amount and a balance column was found")
        } else if table.rows.count < 3 {
            table.problems.append("only \(table.rows.count) transaction rows were found")
        }
        // A signed amount column that prints signs: unsigned amounts there are credits.
        if sawSignedAmount, let layout, !layout.hasDebitCredit {
            for i in table.rows.indices where table.rows[i].amount == nil {
                if let magnitude = table.rows[i].magnitude, table.rows[i].cells[ColumnKind.amount.rawValue] != nil {
                    table.rows[i].amount = magnitude
                }
            }
        }
    }
}
