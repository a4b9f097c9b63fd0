/// How one account's table can be checked, and what it adds up to.
///
/// The strongest method the table allows is used: every running balance
/// (`running-balance`), else opening + credits − debits = closing (`account-totals`), else
/// the rows against totals the statement prints (`printed-totals`), else `none` and the
/// statement is not verified (`ROWS_UNREADABLE`).
struct TableArithmetic: Sendable {
    enum Method: String, Sendable, Comparable {
        case runningBalance = "running-balance"
        case accountTotals = "account-totals"
        case printedTotals = "printed-totals"
        case none

        /// Stronger methods sort first.
        private var rank: Int {
            switch self {
            case .runningBalance: 0
            case .accountTotals: 1
            case .printedTotals: 2
            case .none: 3
            }
        }

        static func < (a: Method, b: Method) -> Bool { a.rank < b.rank }
    }

    var table: TransactionTable
    var chain: BalanceChain
    var method: Method
    /// The opening and closing balance the table's totals are checked between.
    var opening: Money?
    var closing: Money?
    /// The closing balance is a sub-total (``TableAnchor/Kind/subtotal``): evidence only when it reconciles.
    var closingIsSubtotal = false
    /// A card account: its balances are what is owed, so purchases raise them.
    var isCard = false
    /// The totals printed for this table: its own total lines, and for a statement of one
    /// table the header's labelled totals and summary lines.
    var totals: [PrintedTotal]
    /// Why the table's arithmetic was not checked (`method` is `none`).
    var unreadableReasons: [String]

    /// What the rows add up to, each side and how many rows on it.
    typealias Sums = (credits: Money, debits: Money, creditCount: Int, debitCount: Int)

    /// The sums of the table's rows, when every row's side is known.
    var sums: Sums? { sums(of: table.rows) }

    /// The sums of some of the table's rows (neutral and balance-only rows count on no side),
    /// when every one of them has its side.
    func sums(of rows: some Sequence<StatementRow>) -> Sums? {
        var out: Sums = (.zero, .zero, 0, 0)
        for row in rows where !row.neutral && !row.balanceOnly {
            guard let amount = chain.signedAmounts[row.index] else { return nil }
            if amount.isNegative {
                out.debits += amount.magnitude
                out.debitCount += 1
            } else {
                out.credits += amount
                out.creditCount += 1
            }
        }
        return out
    }

    init(
        table: TransactionTable, header: StatementHeader, isOnlyTable: Bool, filtered: Bool, summaryTotals: [PrintedTotal],
        isCard: Bool = false
    ) {
        self.table = table
        self.isCard = isCard
        let headerOpening = isOnlyTable ? header.amount(.openingBalance) : nil
        chain = BalanceChain.evaluate(table, opening: headerOpening)
        opening = chain.opening
        var closing =
            table.anchors.last(where: { $0.kind == .closing })?.value
            ?? (isOnlyTable ? header.amount(.closingBalance) : nil)
        var tentativeClosing = false
        if closing == nil, let subtotal = table.anchors.last(where: { $0.kind == .subtotal }) {
            closing = subtotal.value
            tentativeClosing = true
        }
        self.closing = closing
        closingIsSubtotal = tentativeClosing
        totals = Self.totals(of: table, header: header, isOnlyTable: isOnlyTable, summaryTotals: summaryTotals)
        var reasons = table.problems
        method = .none
        unreadableReasons = []
        method = strongestMethod(filtered: filtered, reasons: &reasons)
        vetoUnreconciled(tentativeClosing: tentativeClosing, reasons: &reasons)
        unreadableReasons = method == .none ? reasons : []
    }

    /// The table's own total lines and, for a statement of one table, the header's labelled
    /// totals and the summary lines.
    private static func totals(
        of table: TransactionTable, header: StatementHeader, isOnlyTable: Bool, summaryTotals: [PrintedTotal]
    ) -> [PrintedTotal] {
        var totals = table.totals
        guard isOnlyTable else { return totals }
        let debits = header.amount(.totalDebits)?.magnitude
        let credits = header.amount(.totalCredits)?.magnitude
        if debits != nil || credits != nil {
            var total = PrintedTotal(page: header[.totalDebits]?.page ?? header[.totalCredits]?.page ?? 1)
            total.debits = debits
            total.credits = credits
            total.rowsBefore = table.rows.count
            total.isSummary = true
            totals.append(total)
        }
        totals += summaryTotals.map {
            var t = $0
            t.rowsBefore = table.rows.count
            return t
        }
        return totals
    }

    /// The strongest method the table allows, or `none` with the reason added to `reasons`.
    private func strongestMethod(filtered: Bool, reasons: inout [String]) -> Method {
        let rows = table.rows.filter { !$0.neutral && !$0.balanceOnly }
        let withBalance = rows.filter { $0.balance != nil }.count
        let signed = chain.signedAmounts
        let allSided = rows.allSatisfy { signed[$0.index] != nil }
        if !table.hasHeader || rows.isEmpty {
            if reasons.isEmpty { reasons.append("no transaction rows were read") }
            return .none
        } else if !reasons.isEmpty {
            return .none
        } else if !filtered, table.hasBalanceColumn, withBalance * 3 >= rows.count, chain.unreadableReason == nil {
            return .runningBalance
        } else if let reason = chain.unreadableReason, table.hasBalanceColumn, !filtered {
            reasons.append(reason)
            return .none
        } else if !allSided {
            reasons.append("the side (credit or debit) of some amounts cannot be told from the table")
            return .none
        } else if let skipped = Optional(table.orphanLines.filter { $0 > 0 && $0 < table.rows.count }.count), skipped > 0 {
            // Without a running balance nothing shows which amount a skipped line held: the
            // totals cannot be trusted to cover every row.
            reasons.append("\(skipped) line\(skipped == 1 ? "" : "s") with amounts between the rows could not be placed in a row")
            return .none
        } else if !filtered, opening != nil, closing != nil {
            return .accountTotals
        } else if totals.contains(where: { $0.debits != nil || $0.credits != nil }) {
            // Only totals that name their side: a lone "Total" under a signed column may sum
            // something else (a sub-total with the previous balance, a box of limits).
            return .printedTotals
        }
        reasons.append(
            filtered
                ? "the statement is a filtered export and prints no totals to check its rows against"
                : "the table prints no running balance, and no opening and closing balance or totals were found to check its rows against"
        )
        return .none
    }

    /// Sets the method back to `none` where what it would check against is not what it seems.
    private mutating func vetoUnreconciled(tentativeClosing: Bool, reasons: inout [String]) {
        // A sub-total taken for the closing balance counts only where it reconciles (either way
        // a card may sign it, or rounded); else it sums something else and checks nothing.
        if method == .accountTotals, tentativeClosing, let sums, let opening, let closing {
            let computed = opening + sums.credits - sums.debits
            let owed = opening - sums.credits + sums.debits
            if computed.magnitude != closing.magnitude && !(isCard && owed.magnitude == closing.magnitude) {
                reasons.append("the sub-total printed does not follow from the rows, so it may total something else")
                method = .none
            }
        }
        // A total that counts its items and counts other than the rows read: rows were missed
        // or misread, which is the reader's failure, not the document's.
        guard method != .none, let sums else { return }
        for total in totals where total.isSummary {
            if let n = total.creditCount, n != sums.creditCount {
                reasons.append("the statement lists \(n) credits but \(sums.creditCount) were read")
            } else if let n = total.debitCount, n != sums.debitCount {
                reasons.append("the statement lists \(n) debits but \(sums.debitCount) were read")
            } else {
                continue
            }
            method = .none
            return
        }
    }
}

/// Summary lines that count and total a statement's credits and debits, as payment platforms
/// and some banks print them (`收入：12笔 3,456.00元`, `Total credits (5) 1,234.56`,
/// `Totaal bij 3 posten 1.234,56`).
enum SummaryTotals {
    static let creditLabels = [
        "收入", "总收入", "收入合计", "收入总额", "存入總額", "存入总额", "total credits", "total deposits", "total paid in",
        "total money in", "totaal bij", "summe haben", "summe gutschriften",
        "total des crédits", "total crédits", "credits total", "total credit", "total deposit", "jumlah kredit",
    ]
    static let debitLabels = [
        "支出", "总支出", "支出合计", "支出总额", "支出總額", "提款總額", "total debits", "total withdrawals", "total paid out",
        "total money out", "totaal af", "summe soll", "summe belastungen",
        "total des débits", "total débits", "debits total", "total debit", "total withdrawal", "jumlah debit",
    ]
    static let creditPhrases = PhraseSearch.PhraseSet(creditLabels)
    static let debitPhrases = PhraseSearch.PhraseSet(debitLabels)

    /// The summary totals on lines outside the tables.
    static func read(_ lines: [TextLine]) -> [PrintedTotal] {
        var total = PrintedTotal(page: 1)
        total.isSummary = true
        var found = false
        for line in lines {
            let lowered = Array(line.text.lowercased().utf8)
            let credit = creditPhrases.occurrences(in: lowered).map(\.offset)
            let debit = debitPhrases.occurrences(in: lowered).map(\.offset)
            guard !credit.isEmpty || !debit.isEmpty else { continue }
            // Each label takes the first count and amount after it, up to the next label.
            let labels = (credit.map { ($0, true) } + debit.map { ($0, false) }).sorted { $0.0 < $1.0 }
            let text = Array(line.text.utf8)
            for (k, (offset, isCredit)) in labels.enumerated() {
                let end = k + 1 < labels.count ? labels[k + 1].0 : text.count
                guard offset < end, end <= text.count else { continue }
                let segment = String(decoding: text[offset..<end], as: UTF8.self)
                guard let (count, amount) = countAndAmount(segment) else { continue }
                if isCredit, total.credits == nil {
                    total.credits = amount.magnitude
                    total.creditCount = count
                    total.page = line.page
                    found = true
                } else if !isCredit, total.debits == nil {
                    total.debits = amount.magnitude
                    total.debitCount = count
                    total.page = line.page
                    found = true
                }
            }
        }
        return found ? [total] : []
    }

    /// The item count (`12笔`, `(5)`, `5 items`) and the amount in a label's segment.
    static func countAndAmount(_ segment: String) -> (Int?, Money)? {
        let parts = segment.split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "：" || $0 == "," && false })
        var count: Int?
        var amount: Money?
        for (index, part) in parts.enumerated() {
            var word = String(part)
            for suffix in ["笔", "筆", "项"] where word.hasSuffix(suffix) {
                word.removeLast(suffix.count)
                if let n = Int(word), count == nil { count = n }
            }
            if word.hasPrefix("("), word.hasSuffix(")"), let n = Int(word.dropFirst().dropLast()), count == nil { count = n }
            if let n = Int(word), index + 1 < parts.count,
                ["items", "posten", "transactions", "opérations", "笔", "筆", "stuks", "buchungen"].contains(parts[index + 1].lowercased())
            {
                count = n
            }
            if amount == nil, let parsed = AmountParser.parse(word) { amount = parsed.value }
        }
        guard let amount else { return nil }
        return (count, amount)
    }
}
