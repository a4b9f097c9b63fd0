import DocPDF
import Foundation
import Testing

@testable import DocVerify

/// Pages of positioned words built by hand, as poppler would report them.
struct PageBuilder {
    var number: Int
    var words: [PDFWord] = []
    var font = "Helvetica"

    init(_ number: Int) { self.number = number }

    /// A word 5 pt per character wide; `right` puts its right edge at `x`.
    mutating func put(_ text: String, x: Double, y: Double, right: Bool = false, font: String? = nil, size: Double = 9) {
        var cursor = right ? x - 5 * Double(text.count) : x
        for part in text.split(separator: " ") {
            let width = 5 * Double(part.count)
            words.append(
                PDFWord(
                    text: String(part), box: PDFRect(x0: cursor, y0: y, x1: cursor + width, y1: y + 10),
                    fontName: font ?? self.font, fontSize: size, color: PDFColor(red: 0, green: 0, blue: 0))
            )
            cursor += width + 2.5
        }
    }

    var page: PDFPageText { PDFPageText(number: number, width: 595, height: 842, words: words, text: words.map(\.text).joined(separator: " ")) }
}

/// An English statement: Date | Description | Debit | Credit | Balance, with the given rows.
func englishStatement(
    rows: [(date: String, text: String, amount: Int, balance: Int)], opening: Int, perPage: Int = 100,
    broughtForwardShift: Int = 0
) -> [PDFPageText] {
    // broughtForwardShift: pages after the first come from another statement whose balances differ by this much.
    var pages: [PDFPageText] = []
    var index = 0
    var pageNumber = 1
    while index < rows.count || pages.isEmpty {
        var b = PageBuilder(pageNumber)
        b.put("Account Holder: TEST PERSON", x: 40, y: 60)
        b.put("Statement Period: 01/08/2026 to 31/10/2026", x: 40, y: 74)
        b.put("Date of Issue: 20/11/2026", x: 320, y: 74)
        b.put("Date", x: 40, y: 100)
        b.put("Description", x: 105, y: 100)
        b.put("Debit", x: 380, y: 100, right: true)
        b.put("Credit", x: 455, y: 100, right: true)
        b.put("Balance", x: 545, y: 100, right: true)
        var y = 116.0
        if pageNumber == 1 {
            b.put("Opening balance", x: 105, y: y)
            b.put(fmt(opening), x: 545, y: y, right: true)
        } else {
            b.put("Balance brought forward", x: 105, y: y)
            b.put(fmt(rows[index - 1].balance + broughtForwardShift), x: 545, y: y, right: true)
        }
        y += 14
        for row in rows[index..<min(rows.count, index + perPage)] {
            b.put(row.date, x: 40, y: y)
            b.put(row.text, x: 105, y: y)
            b.put(fmt(abs(row.amount)), x: row.amount < 0 ? 380 : 455, y: y, right: true)
            b.put(fmt(row.balance + (pageNumber > 1 ? broughtForwardShift : 0)), x: 545, y: y, right: true)
            y += 14
        }
        index += perPage
        pages.append(b.page)
        pageNumber += 1
    }
    return pages
}

func fmt(_ cents: Int) -> String {
    let units = abs(cents) / 100
    var digits = String(units)
    var groups: [String] = []
    while digits.count > 3 {
        groups.insert(String(digits.suffix(3)), at: 0)
        digits.removeLast(3)
    }
    groups.insert(digits, at: 0)
    let fraction = abs(cents) % 100
    return (cents < 0 ? "-" : "") + groups.joined(separator: ",") + "." + (fraction < 10 ? "0" : "") + String(fraction)
}

/// Consistent rows: balances follow the amounts from `opening`.
func chain(_ amounts: [Int], opening: Int, startDay: Int = 1) -> [(date: String, text: String, amount: Int, balance: Int)] {
    var balance = opening
    return amounts.enumerated().map { i, amount in
        balance += amount
        let day = startDay + i
        let date = CivilDate(year: 2026, month: 8, day: 1)!.adding(days: day - 1)
        let d = date.day < 10 ? "0\(date.day)" : "\(date.day)"
        let m = date.month < 10 ? "0\(date.month)" : "\(date.month)"
        return ("\(d)/\(m)/\(date.year)", amount > 0 ? "SALARY ACME" : "CARD PAYMENT SHOP \(i)", amount, balance)
    }
}

let now = ISO8601DateFormatter().date(from: "2026-11-25T12:00:00Z")!
let policy = Policy(name: "test", minimumScore: 750)

func codes(_ pages: [PDFPageText]) -> Set<String> {
    let result = StatementChecks.evaluate(StatementReader.read(pages: pages), now: now, policy: policy)
    return Set(result.findings.map(\.code.rawValue))
}

@Suite struct StatementTableTests {
    let amounts = [120_000, -4_550, -12_000, 3_000, -990, -25_075, 88_000, -1_234, -560, 10_000]

    @Test("rows rebuilt by baseline and columns by header positions, balance chain intact")
    func intact() throws {
        let pages = englishStatement(rows: chain(amounts, opening: 500_000), opening: 500_000)
        let statement = StatementReader.read(pages: pages)
        #expect(statement.table.isReadable)
        #expect(statement.table.rows.count == amounts.count)
        #expect(statement.table.rows[1].amount == Money(minorUnits: -4_550))
        #expect(statement.table.rows[0].amount == Money(minorUnits: 120_000))
        #expect(statement.table.anchors.first?.kind == .opening)
        #expect(codes(pages).isDisjoint(with: ["BALANCE_CHAIN_BROKEN", "BALANCE_TOTALS_MISMATCH", "ROWS_UNREADABLE"]))
    }

    @Test("an edited amount breaks the chain at its row, with expected and printed balance")
    func broken() throws {
        var rows = chain(amounts, opening: 500_000)
        rows[4].amount = -9_990  // printed amount changed, balance left
        let pages = englishStatement(rows: rows, opening: 500_000)
        let result = StatementChecks.evaluate(StatementReader.read(pages: pages), now: now, policy: policy)
        let finding = try #require(result.findings.first { $0.code == .balanceChainBroken })
        #expect(finding.evidence?["row"] == .int(5))
        #expect(finding.evidence?["expected"] == .string(Money(minorUnits: rows[3].balance - 9_990).description))
        #expect(finding.evidence?["printed"] == .string(Money(minorUnits: rows[4].balance).description))
    }

    @Test("multi-page tables: brought-forward lines restart the chain, a broken carry is reported once")
    func carry() throws {
        let rows = chain(amounts, opening: 500_000)
        let good = englishStatement(rows: rows, opening: 500_000, perPage: 4)
        #expect(good.count == 3)
        #expect(!codes(good).contains("PAGE_CARRY_BROKEN"))
        #expect(!codes(good).contains("BALANCE_CHAIN_BROKEN"))
        let bad = englishStatement(rows: rows, opening: 500_000, perPage: 4, broughtForwardShift: 100_000)
        let found = codes(bad)
        #expect(found.contains("PAGE_CARRY_BROKEN"))
        #expect(!found.contains("BALANCE_CHAIN_BROKEN"))
    }

    @Test("newest-first statements with one signed amount column (1.234,56) reconcile")
    func newestFirstSigned() throws {
        var b = PageBuilder(1)
        b.put("Kontoinhaber: TEST", x: 40, y: 60)
        b.put("Alter Kontostand: 1.000,00 EUR", x: 40, y: 74)
        b.put("Buchungsdatum", x: 40, y: 100)
        b.put("Verwendungszweck", x: 120, y: 100)
        b.put("Betrag", x: 430, y: 100, right: true)
        b.put("Saldo", x: 540, y: 100, right: true)
        let rows = [
            ("03.09.2026", "Miete", "-500,00", "1.700,00"), ("02.09.2026", "Gehalt", "1.250,50", "2.200,00"),
            ("01.09.2026", "Kartenzahlung", "-50,50", "949,50"),
        ]
        var y = 116.0
        for (date, text, amount, balance) in rows {
            b.put(date, x: 40, y: y)
            b.put(text, x: 120, y: y)
            b.put(amount, x: 430, y: y, right: true)
            b.put(balance, x: 540, y: y, right: true)
            y += 15
        }
        let statement = StatementReader.read(pages: [b.page])
        let chain = BalanceChain.evaluate(statement.table, opening: statement.header.amount(.openingBalance))
        #expect(chain.order == .newestFirst)
        #expect(chain.breaks.isEmpty)
        #expect(chain.signedAmounts[2] == Money(minorUnits: 125_050))
    }

    @Test("where positions cannot tell debit from credit, the change in balance decides")
    func sideByBalance() throws {
        // Amounts printed half-way between the Debit and Credit columns.
        var b = PageBuilder(1)
        b.put("Date", x: 40, y: 100)
        b.put("Description", x: 105, y: 100)
        b.put("Debit", x: 380, y: 100, right: true)
        b.put("Credit", x: 420, y: 100, right: true)
        b.put("Balance", x: 545, y: 100, right: true)
        b.put("Opening balance", x: 105, y: 116)
        b.put("1,000.00", x: 545, y: 116, right: true)
        let rows = [("01/09/2026", "-200.00", "800.00"), ("02/09/2026", "50.00", "850.00"), ("03/09/2026", "-25.00", "825.00")]
        var y = 130.0
        for (date, amount, balance) in rows {
            b.put(date, x: 40, y: y)
            b.put("PAYMENT", x: 105, y: y)
            b.put(String(amount.drop { $0 == "-" }), x: 400, y: y, right: true)
            b.put(balance, x: 545, y: y, right: true)
            y += 14
        }
        let statement = StatementReader.read(pages: [b.page])
        #expect(statement.table.isReadable)
        let chain = BalanceChain.evaluate(statement.table)
        #expect(chain.breaks.isEmpty)
        #expect(chain.signedAmounts[1] == Money(minorUnits: -20_000))
        #expect(chain.signedAmounts[2] == Money(minorUnits: 5_000))
    }

    @Test("a page without a recognisable header: ROWS_UNREADABLE and no arithmetic alarm")
    func unreadable() {
        var b = PageBuilder(1)
        b.put("Account Holder: TEST", x: 40, y: 60)
        b.put("01/09/2026 PAYMENT 200.00 800.00", x: 40, y: 100)
        b.put("02/09/2026 PAYMENT 900.00 100.00", x: 40, y: 114)
        let found = codes([b.page])
        #expect(found.contains("ROWS_UNREADABLE"))
        #expect(found.isDisjoint(with: ["BALANCE_CHAIN_BROKEN", "BALANCE_TOTALS_MISMATCH", "FUNDS_PARKED"]))
    }

    @Test("columns misread everywhere stand aside instead of failing")
    func misreadColumns() {
        // Balances that follow nothing: a misread table, not one edited row.
        let rows = (0..<12).map { i in (date: "0\(i % 9 + 1)/09/2026", text: "X", amount: 1_000 * (i + 1), balance: 777 * (i * i + 3)) }
        let found = codes(englishStatement(rows: rows, opening: 100))
        #expect(found.contains("ROWS_UNREADABLE"))
        #expect(!found.contains("BALANCE_CHAIN_BROKEN"))
    }

    @Test("duplicate rows, dates out of order and outside the period")
    func dates() {
        var rows = chain(amounts, opening: 500_000)
        rows.insert(rows[3], at: 4)
        var found = codes(englishStatement(rows: rows, opening: 500_000))
        #expect(found.contains("DUPLICATE_ROWS"))

        rows = chain(amounts, opening: 500_000)
        rows[2].date = "20/09/2026"
        found = codes(englishStatement(rows: rows, opening: 500_000))
        #expect(found.contains("DATE_ORDER"))

        rows = chain(amounts, opening: 500_000)
        rows[9].date = "02/11/2026"
        found = codes(englishStatement(rows: rows, opening: 500_000))
        #expect(found.contains("DATE_OUTSIDE_PERIOD"))

        rows = chain(amounts, opening: 500_000)
        rows[5].date = "31/09/2026"
        found = codes(englishStatement(rows: rows, opening: 500_000))
        #expect(found.contains("DATE_INVALID"))
    }

    @Test("a Total row under the Debit and Credit columns is checked against the rows")
    func totalRow() throws {
        let rows = chain(amounts, opening: 500_000)
        let base = englishStatement(rows: rows, opening: 500_000)
        let debits = amounts.filter { $0 < 0 }.reduce(0, +)
        let credits = amounts.filter { $0 > 0 }.reduce(0, +)
        func withTotal(debit: Int, credit: Int) -> [PDFPageText] {
            var b = PageBuilder(1)
            b.words = base[0].words
            b.put("Total", x: 105, y: 400)
            b.put(fmt(-debit), x: 380, y: 400, right: true)
            b.put(fmt(credit), x: 455, y: 400, right: true)
            return [b.page]
        }
        let pages = withTotal(debit: debits, credit: credits)
        let statement = StatementReader.read(pages: pages)
        #expect(statement.table.totals.count == 1)
        #expect(!codes(pages).contains("BALANCE_TOTALS_MISMATCH"))
        let inflated = withTotal(debit: debits, credit: credits + 1_000_000)
        let result = StatementChecks.evaluate(StatementReader.read(pages: inflated), now: now, policy: policy)
        let finding = try #require(result.findings.first { $0.code == .balanceTotalsMismatch })
        #expect(finding.evidence?["printed"] == .string(Money(minorUnits: credits + 1_000_000).description))
        #expect(finding.evidence?["expected"] == .string(Money(minorUnits: credits).description))
    }

    @Test("funds parked: a large credit in the last 30 days makes up most of the balance")
    func fundsParked() {
        var amounts = self.amounts
        amounts.append(5_000_000)
        var rows = chain(amounts, opening: 100_000)
        rows[rows.count - 1].date = "25/10/2026"
        let found = codes(englishStatement(rows: rows, opening: 100_000))
        #expect(found.contains("FUNDS_PARKED"))
        #expect(!codes(englishStatement(rows: chain(self.amounts, opening: 500_000), opening: 500_000)).contains("FUNDS_PARKED"))
    }
}
