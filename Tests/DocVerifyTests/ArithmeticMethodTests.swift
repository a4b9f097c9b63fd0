import DocPDF
import DocVerifyCore
import Foundation
import Testing

@testable import DocVerify

/// `TableArithmetic`: the strongest method a table allows (`running-balance`, `account-totals`,
/// `printed-totals`, `none`), and what `StatementChecks` makes of it: a statement whose
/// arithmetic was not checked is `ROWS_UNREADABLE` (warn) with `fields.arithmetic.method`
/// `none`, and never `pass`.
@Suite struct ArithmeticMethodTests {
    let now = ISO8601DateFormatter().date(from: "2026-11-25T12:00:00Z")!
    let policy = Policy(name: "test", minimumScore: 750)

    /// Rows from (ISO date, signed amount in cents), balances running from `opening` when
    /// `balances`, else none printed.
    static func rows(_ items: [(String, Int)], opening: Int, balances: Bool = true) -> [StatementRow] {
        var balance = opening
        return items.enumerated().map { i, item in
            balance += item.1
            let parts = item.0.split(separator: "-").map { Int($0)! }
            return StatementRow(
                page: 1, index: i + 1, rowOnPage: i + 1, dateText: item.0,
                date: CivilDate(year: parts[0], month: parts[1], day: parts[2]), impossibleDate: false,
                description: item.1 > 0 ? "CREDIT \(i + 1)" : "DEBIT \(i + 1)", amount: Money(minorUnits: item.1),
                magnitude: Money(minorUnits: abs(item.1)), balance: balances ? Money(minorUnits: balance) : nil, cells: [:]
            )
        }
    }

    /// An ordinary quarter (1 August to 20 November 2026, checked on 25 November): nothing but
    /// the arithmetic can raise a finding on it.
    static let items: [(String, Int)] = [
        ("2026-08-05", -10_000), ("2026-09-01", 20_000), ("2026-10-01", -5_000), ("2026-11-02", -3_000), ("2026-11-15", 1_000),
    ]
    static let opening = 500_000
    static let closing = opening + items.map(\.1).reduce(0, +)

    static func header(opening: Int? = nil, closing: Int? = nil) -> StatementHeader {
        var header = StatementHeader()
        header.values[.period] = .init(text: "01/08/2026 to 20/11/2026", page: 1)
        if let opening { header.values[.openingBalance] = .init(text: Money(minorUnits: opening).description, page: 1) }
        if let closing { header.values[.closingBalance] = .init(text: Money(minorUnits: closing).description, page: 1) }
        return header
    }

    static func table(_ rows: [StatementRow], header: Bool = true, balanceColumn: Bool = true) -> TransactionTable {
        var table = TransactionTable()
        table.rows = rows
        table.hasHeader = header
        table.hasBalanceColumn = balanceColumn
        return table
    }

    static func arithmetic(
        _ table: TransactionTable, header: StatementHeader = header(), filtered: Bool = false,
        summary: [PrintedTotal] = []
    ) -> TableArithmetic {
        TableArithmetic(table: table, header: header, isOnlyTable: true, filtered: filtered, summaryTotals: summary)
    }

    func evaluate(_ statement: Statement) -> AnalysisResult {
        StatementChecks.evaluate(statement, now: now, policy: policy)
    }

    func verdict(_ statement: Statement) -> Verdict {
        Verdict.compose(file: "statement.pdf", bytes: [], kind: .bankStatement, result: evaluate(statement), policy: policy, checkedAt: now)
    }

    static func statement(
        _ table: TransactionTable, header: StatementHeader = header(opening: opening), filtered: Bool = false,
        summary: [PrintedTotal] = []
    ) -> Statement {
        Statement(header: header, tables: [table], fullText: "", slashOrder: .dayFirst, filtered: filtered, summaryTotals: summary)
    }

    static func method(_ result: AnalysisResult) -> String? {
        guard case .object(let arithmetic)? = result.fields["arithmetic"], case .string(let method)? = arithmetic["method"] else { return nil }
        return method
    }

    static func raised(_ result: AnalysisResult) -> Set<String> {
        Set(result.findings.filter { $0.severity != .info }.map(\.code.rawValue))
    }

    // MARK: running-balance

    @Test("a table with a running balance on its rows is checked row by row")
    func runningBalance() {
        let table = Self.table(Self.rows(Self.items, opening: Self.opening))
        let arithmetic = Self.arithmetic(table, header: Self.header(opening: Self.opening))
        #expect(arithmetic.method == .runningBalance)
        #expect(arithmetic.unreadableReasons.isEmpty)
        #expect(arithmetic.sums?.credits == Money(minorUnits: 21_000))
        #expect(arithmetic.sums?.debits == Money(minorUnits: 18_000))
        #expect(arithmetic.sums?.creditCount == 2 && arithmetic.sums?.debitCount == 3)
    }

    @Test("the same statement passes with running-balance over all its rows")
    func runningBalancePasses() {
        let statement = Self.statement(Self.table(Self.rows(Self.items, opening: Self.opening)))
        let result = evaluate(statement)
        #expect(Self.raised(result).isEmpty, "\(Self.raised(result).sorted())")
        #expect(result.fields["arithmetic"] == .object(["method": "running-balance", "rows": 5, "accounts": 1]))
        #expect(result.findings.contains { $0.code == .arithmeticChecked })
        #expect(verdict(statement).verdict == .pass)
    }

    // MARK: account-totals

    @Test("without running balances, opening + credits − debits = closing is checked per account")
    func accountTotals() {
        let table = Self.table(Self.rows(Self.items, opening: Self.opening, balances: false), balanceColumn: false)
        let header = Self.header(opening: Self.opening, closing: Self.closing)
        #expect(Self.arithmetic(table, header: header).method == .accountTotals)
        let result = evaluate(Self.statement(table, header: header))
        #expect(Self.method(result) == "account-totals")
        #expect(Self.raised(result).isEmpty, "\(Self.raised(result).sorted())")

        let off = Self.header(opening: Self.opening, closing: Self.closing + 100_000)
        let forged = evaluate(Self.statement(table, header: off))
        let finding = forged.findings.first { $0.code == .balanceTotalsMismatch }
        #expect(finding?.severity == .fail)
        #expect(finding?.evidence?["expected"] == .string(Money(minorUnits: Self.closing).description))
        #expect(finding?.evidence?["printed"] == .string(Money(minorUnits: Self.closing + 100_000).description))
    }

    @Test("table anchors give account-totals their opening and closing too")
    func accountTotalsFromAnchors() {
        var table = Self.table(Self.rows(Self.items, opening: Self.opening, balances: false), balanceColumn: false)
        table.anchors = [
            TableAnchor(kind: .opening, page: 1, value: Money(minorUnits: Self.opening), rowsBefore: 0),
            TableAnchor(kind: .closing, page: 1, value: Money(minorUnits: Self.closing), rowsBefore: 5),
        ]
        let arithmetic = Self.arithmetic(table, header: Self.header())
        #expect(arithmetic.method == .accountTotals)
        #expect(arithmetic.opening == Money(minorUnits: Self.opening))
        #expect(arithmetic.closing == Money(minorUnits: Self.closing))
    }

    /// A card account prints what is owed: purchases (debits) raise it, payments (credits) lower it.
    @Test("a card account where purchases raise the owed balance reconciles as account-totals")
    func cardAccount() {
        let items: [(String, Int)] = [("2026-08-10", -25_000), ("2026-09-03", 30_000), ("2026-10-12", -15_000), ("2026-11-08", -4_000)]
        // Owed 500.00; purchases 440.00, payment 300.00: owed 640.00 (the bank's sign convention
        // would give 500 + 300 − 440 = 360.00).
        let owed = 50_000 - 30_000 + 44_000
        let table = Self.table(Self.rows(items, opening: 50_000, balances: false), balanceColumn: false)
        func card(closing: Int) -> StatementHeader {
            var header = Self.header(opening: 50_000, closing: closing)
            header.values[.cardNumber] = .init(text: "5168 XXXX XXXX 1234", page: 1)
            return header
        }
        // The reader marks a card statement by what only cards print (a credit limit, a minimum
        // payment, a payment due date).
        func cardStatement(closing: Int) -> Statement {
            var statement = Self.statement(table, header: card(closing: closing))
            statement.isCard = true
            return statement
        }
        let genuine = evaluate(cardStatement(closing: owed))
        #expect(Self.method(genuine) == "account-totals")
        #expect(!Self.raised(genuine).contains("BALANCE_TOTALS_MISMATCH"), "\(Self.raised(genuine).sorted())")
        let bankConvention = evaluate(cardStatement(closing: 36_000))
        #expect(!Self.raised(bankConvention).contains("BALANCE_TOTALS_MISMATCH"))
        let forged = evaluate(cardStatement(closing: owed - 20_000))
        #expect(Self.raised(forged).contains("BALANCE_TOTALS_MISMATCH"))
    }

    @Test("an ordinary account's closing balance forged to opening − credits + debits is a mismatch, not a card account")
    func cardRuleIsNoLoophole() {
        // A current account (no card number, no credit limit): 1,000.00 opening, debits
        // exceeding credits. The true closing is 750.00; a forger who types 1,250.00 (opening −
        // credits + debits, the card formula) has raised the balance by 500.00.
        let items: [(String, Int)] = [("2026-08-10", 5_000), ("2026-09-03", -20_000), ("2026-10-12", -10_000)]
        let table = Self.table(Self.rows(items, opening: 100_000, balances: false), balanceColumn: false)
        let genuine = evaluate(Self.statement(table, header: Self.header(opening: 100_000, closing: 75_000)))
        #expect(Self.method(genuine) == "account-totals")
        #expect(!Self.raised(genuine).contains("BALANCE_TOTALS_MISMATCH"))
        let forged = evaluate(Self.statement(table, header: Self.header(opening: 100_000, closing: 125_000)))
        #expect(Self.raised(forged).contains("BALANCE_TOTALS_MISMATCH"))
    }

    // MARK: printed-totals

    @Test("without a balance or an opening and closing, the rows are checked against the totals printed")
    func printedTotals() {
        var table = Self.table(Self.rows(Self.items, opening: Self.opening, balances: false), balanceColumn: false)
        var total = PrintedTotal(page: 1)
        total.debits = Money(minorUnits: 18_000)
        total.credits = Money(minorUnits: 21_000)
        total.rowsBefore = 5
        table.totals = [total]
        #expect(Self.arithmetic(table).method == .printedTotals)
        let result = evaluate(Self.statement(table, header: Self.header()))
        #expect(Self.method(result) == "printed-totals")
        #expect(Self.raised(result).isEmpty, "\(Self.raised(result).sorted())")

        table.totals[0].credits = Money(minorUnits: 221_000)
        let forged = evaluate(Self.statement(table, header: Self.header()))
        #expect(forged.findings.first { $0.code == .balanceTotalsMismatch }?.evidence?["printed"] == .string("2210.00"))
    }

    @Test("a filtered export with a running balance is checked against its totals, not its balances")
    func filteredUsesPrintedTotals() {
        var table = Self.table(Self.rows(Self.items, opening: Self.opening))
        table.rows.remove(at: 1)  // the filter hid a row: the balances jump
        var total = PrintedTotal(page: 1)
        total.debits = Money(minorUnits: 18_000)
        total.rowsBefore = 4
        table.totals = [total]
        #expect(Self.arithmetic(table, header: Self.header(opening: Self.opening), filtered: true).method == .printedTotals)
        let result = evaluate(Self.statement(table, filtered: true))
        #expect(!Self.raised(result).contains("BALANCE_CHAIN_BROKEN"))
        #expect(result.findings.contains { $0.code == .statementFiltered })
        #expect(Self.method(result) == "printed-totals")
    }

    // MARK: none

    @Test("no column header: method none, with a reason")
    func noHeader() {
        let arithmetic = Self.arithmetic(Self.table(Self.rows(Self.items, opening: Self.opening), header: false))
        #expect(arithmetic.method == .none)
        #expect(!arithmetic.unreadableReasons.isEmpty)
    }

    @Test("no rows read: method none")
    func noRows() {
        let arithmetic = Self.arithmetic(Self.table([]))
        #expect(arithmetic.method == .none)
        #expect(arithmetic.unreadableReasons == ["no transaction rows were read"])
    }

    @Test("a table the builder had problems with: method none, the problems are the reasons")
    func problems() {
        var table = Self.table(Self.rows(Self.items, opening: Self.opening))
        table.problems = ["row 3 on page 1 has 3 amounts where one amount and a balance were expected"]
        let arithmetic = Self.arithmetic(table)
        #expect(arithmetic.method == .none)
        #expect(arithmetic.unreadableReasons == table.problems)
    }

    @Test("no running balance, no opening and closing, no totals: nothing to check against, method none")
    func nothingToCheckAgainst() {
        let table = Self.table(Self.rows(Self.items, opening: Self.opening, balances: false), balanceColumn: false)
        let arithmetic = Self.arithmetic(table, header: Self.header(opening: Self.opening))
        #expect(arithmetic.method == .none)
        #expect(arithmetic.unreadableReasons.count == 1)
    }

    @Test("sides the table cannot tell (no balance, no sign, no column): method none")
    func sidesUnknown() {
        var rows = Self.rows(Self.items, opening: Self.opening, balances: false)
        for i in rows.indices { rows[i].amount = nil }
        let table = Self.table(rows, balanceColumn: false)
        let arithmetic = Self.arithmetic(table, header: Self.header(opening: Self.opening, closing: Self.closing))
        #expect(arithmetic.method == .none)
    }

    @Test("balances that follow nothing: the table was misread, method none rather than a broken chain")
    func misreadChain() {
        var rows = Self.rows((1...12).map { ("2026-09-\($0 < 10 ? "0" : "")\($0)", -1_000 * $0) }, opening: 100_000)
        for i in rows.indices { rows[i].balance = Money(minorUnits: 777 * (i * i + 3)) }
        let table = Self.table(rows)
        let arithmetic = Self.arithmetic(table, header: Self.header(opening: 100_000))
        #expect(arithmetic.method == .none)
        let result = evaluate(Self.statement(table, header: Self.header(opening: 100_000)))
        #expect(Self.raised(result).contains("ROWS_UNREADABLE"))
        #expect(!Self.raised(result).contains("BALANCE_CHAIN_BROKEN"))
    }

    // MARK: ROWS_UNREADABLE and the verdict

    @Test("rows that cannot be read: ROWS_UNREADABLE (warn), fields.arithmetic.method none, verdict review, never pass")
    func unreadableIsNeverPass() throws {
        // The statement of `runningBalancePasses`, its column header not found.
        let statement = Self.statement(Self.table(Self.rows(Self.items, opening: Self.opening), header: false))
        let result = evaluate(statement)
        let finding = try #require(result.findings.first { $0.code == .rowsUnreadable })
        #expect(finding.severity == .warn)
        #expect(FindingCatalogue.severity(of: .rowsUnreadable) == .warn)
        #expect(Self.raised(result) == ["ROWS_UNREADABLE"], "\(Self.raised(result).sorted())")
        #expect(result.fields["arithmetic"] == .object(["method": "none", "rows": 0, "accounts": 0]))
        #expect(!result.findings.contains { $0.code == .arithmeticChecked })
        #expect(result.details.contains { $0.contains("arithmetic not checked") })
        let composed = verdict(statement)
        #expect(composed.verdict == .review)
        #expect(composed.summary.contains("could not be rebuilt"))
    }

    @Test("every way of reading nothing checkable ends in review, never pass", arguments: 0..<6)
    func noneNeverPasses(_ variant: Int) throws {
        let rows = Self.rows(Self.items, opening: Self.opening)
        var table = Self.table(rows)
        var header = Self.header(opening: Self.opening)
        var summary: [PrintedTotal] = []
        switch variant {
        case 0: table.hasHeader = false
        case 1: table.rows = []
        case 2: table.problems = ["row 2 on page 1 has 3 amounts where one amount and a balance were expected"]
        case 3:
            table = Self.table(Self.rows(Self.items, opening: Self.opening, balances: false), balanceColumn: false)
        case 4:
            table = Self.table(Self.rows(Self.items, opening: Self.opening, balances: false), balanceColumn: false)
            for i in table.rows.indices { table.rows[i].amount = nil }
            header = Self.header(opening: Self.opening, closing: Self.closing)
        default:
            var total = PrintedTotal(page: 1)
            total.isSummary = true
            total.credits = Money(minorUnits: 21_000)
            total.creditCount = 3
            summary = [total]
        }
        let statement = Self.statement(table, header: header, summary: summary)
        let result = evaluate(statement)
        #expect(Self.method(result) == "none")
        #expect(result.findings.contains { $0.code == .rowsUnreadable && $0.severity == .warn })
        #expect(verdict(statement).verdict != .pass)
        #expect(verdict(statement).verdict != .fail, "\(Self.raised(result).sorted())")
    }

    // MARK: Summary totals that count their items

    static func summary(credits: Int, creditCount: Int?, debits: Int? = nil, debitCount: Int? = nil) -> [PrintedTotal] {
        var total = PrintedTotal(page: 1)
        total.isSummary = true
        total.credits = Money(minorUnits: credits)
        total.creditCount = creditCount
        total.debits = debits.map { Money(minorUnits: $0) }
        total.debitCount = debitCount
        return [total]
    }

    @Test("a summary whose item count differs from the rows read makes the method none, never a fail")
    func summaryCountDiffers() throws {
        let table = Self.table(Self.rows(Self.items, opening: Self.opening, balances: false), balanceColumn: false)
        // `收入：3笔 …`: three credits listed, two read (and the total counts the missed one).
        let summary = Self.summary(credits: 31_000, creditCount: 3)
        let arithmetic = Self.arithmetic(table, summary: summary)
        #expect(arithmetic.method == .none)
        #expect(arithmetic.unreadableReasons.contains { $0.contains("3 credits but 2 were read") })
        let statement = Self.statement(table, header: Self.header(), summary: summary)
        let result = evaluate(statement)
        #expect(Self.method(result) == "none")
        #expect(Self.raised(result) == ["ROWS_UNREADABLE"], "\(Self.raised(result).sorted())")
        #expect(verdict(statement).verdict == .review)

        let debitsMiscounted = Self.summary(credits: 21_000, creditCount: 2, debits: 18_000, debitCount: 4)
        #expect(Self.arithmetic(table, summary: debitsMiscounted).method == .none)

        // Also where a running balance would have been checked.
        let chained = Self.table(Self.rows(Self.items, opening: Self.opening))
        #expect(Self.arithmetic(chained, header: Self.header(opening: Self.opening), summary: summary).method == .none)
    }

    @Test("a summary whose counts match is checked: a wrong amount there is BALANCE_TOTALS_MISMATCH")
    func summaryCountMatches() {
        let table = Self.table(Self.rows(Self.items, opening: Self.opening, balances: false), balanceColumn: false)
        let matching = Self.summary(credits: 21_000, creditCount: 2, debits: 18_000, debitCount: 3)
        #expect(Self.arithmetic(table, summary: matching).method == .printedTotals)
        let good = evaluate(Self.statement(table, header: Self.header(), summary: matching))
        #expect(Self.raised(good).isEmpty, "\(Self.raised(good).sorted())")
        let inflated = Self.summary(credits: 121_000, creditCount: 2, debits: 18_000, debitCount: 3)
        let forged = evaluate(Self.statement(table, header: Self.header(), summary: inflated))
        #expect(Self.method(forged) == "printed-totals")
        #expect(Self.raised(forged).contains("BALANCE_TOTALS_MISMATCH"))
    }

    @Test(
        "summary lines give their item count and amount",
        arguments: [
            ("收入：12笔 3,456.00元", 12, 345_600), ("支出：3笔 1,200.50元", 3, 120_050), ("Total credits (5) 1,234.56", 5, 123_456),
            ("Totaal bij 3 posten 1.234,56", 3, 123_456), ("Total deposits 7 items 99.00", 7, 9_900),
        ]
    )
    func summaryLine(_ text: String, _ count: Int, _ minorUnits: Int) throws {
        let read = try #require(SummaryTotals.countAndAmount(text))
        #expect(read.0 == count)
        #expect(read.1 == Money(minorUnits: minorUnits))
    }

    @Test("summary lines are read from the lines outside the table, credits and debits apart")
    func summaryRead() throws {
        func line(_ text: String) -> TextLine {
            var words: [PDFWord] = []
            var x = 40.0
            for part in text.split(separator: " ") {
                let width = 5 * Double(part.count)
                words.append(
                    PDFWord(
                        text: String(part), box: PDFRect(x0: x, y0: 700, x1: x + width, y1: 710), fontName: "F", fontSize: 9,
                        color: PDFColor(red: 0, green: 0, blue: 0)))
                x += width + 2.5
            }
            return TextLine(page: 2, words: words)
        }
        let totals = SummaryTotals.read([line("收入：12笔 3,456.00元 支出：30笔 2,100.00元")])
        let total = try #require(totals.first)
        #expect(totals.count == 1)
        #expect(total.isSummary)
        #expect(total.creditCount == 12 && total.credits == Money(minorUnits: 345_600))
        #expect(total.debitCount == 30 && total.debits == Money(minorUnits: 210_000))
        #expect(total.page == 2)
        #expect(SummaryTotals.read([line("Opening balance 1,000.00")]).isEmpty)
    }
}
