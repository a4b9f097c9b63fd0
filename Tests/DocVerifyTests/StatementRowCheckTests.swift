import DocPDF
import DocVerifyCore
import Foundation
import Testing

@testable import DocVerify

/// `DUPLICATE_ROWS` and `FUNDS_PARKED` over statements made of `StatementRow` values, so that
/// they test the checks, not the table reader.
@Suite struct StatementRowCheckTests {
    let now = ISO8601DateFormatter().date(from: "2026-11-25T12:00:00Z")!
    let policy = Policy(name: "test", minimumScore: 750)

    /// Rows from (ISO date, description, signed amount in cents), balances running from `opening`.
    func statement(_ items: [(String, String, Int)], opening: Int, period: String? = nil) -> Statement {
        var balance = opening
        var rows: [StatementRow] = []
        for (i, item) in items.enumerated() {
            balance += item.2
            let parts = item.0.split(separator: "-").map { Int($0)! }
            rows.append(
                StatementRow(
                    page: 1, index: i + 1, rowOnPage: i + 1, dateText: item.0,
                    date: CivilDate(year: parts[0], month: parts[1], day: parts[2]), impossibleDate: false,
                    description: item.1, amount: Money(minorUnits: item.2), magnitude: Money(minorUnits: abs(item.2)),
                    balance: Money(minorUnits: balance), cells: [:]
                )
            )
        }
        var header = StatementHeader()
        header.values[.openingBalance] = .init(text: Money(minorUnits: opening).description, page: 1)
        if let period { header.values[.period] = .init(text: period, page: 1) }
        return Statement(
            header: header,
            table: {
                var table = TransactionTable(); table.rows = rows; table.hasHeader = true; table.hasBalanceColumn = true; return table
            }(), fullText: "", slashOrder: .dayFirst)
    }

    func input(_ statement: Statement) -> StatementInput {
        StatementInput(statement: statement, now: now, policy: policy)
    }

    // MARK: DUPLICATE_ROWS

    @Test("a row pasted below itself is DUPLICATE_ROWS, with both rows in the evidence")
    func pasted() throws {
        let s = statement(
            [
                ("2026-09-01", "SALARY", 400_000), ("2026-09-03", "CARD TESCO", -5_000), ("2026-09-03", "CARD TESCO", 0),
                ("2026-09-05", "RENT", -90_000),
            ],
            opening: 100_000
        )
        var forged = s
        // The pasted copy repeats the row and its balance exactly (the amount on the copy is
        // the original's; the chain then breaks, which is the balance check's concern).
        forged.table.rows[2] = forged.table.rows[1]
        forged.table.rows[2].index = 3
        forged.table.rows[2].rowOnPage = 3
        let finding = try #require(DuplicateRowsCheck.run(input(forged)).first)
        #expect(finding.code == .duplicateRows)
        #expect(finding.evidence?["duplicateOf"] == .int(2))
        #expect(finding.evidence?["row"] == .int(3))
    }

    @Test("a debit, its reversal and the retry are not duplicates")
    func reversalAndRetry() {
        let rows: [(String, String, Int)] = [
            ("2026-09-01", "SALARY", 400_000), ("2026-09-03", "CARD AMAZON", -12_999), ("2026-09-03", "REVERSAL CARD AMAZON", 12_999),
            ("2026-09-03", "CARD AMAZON", -12_999), ("2026-09-05", "RENT", -90_000),
        ]
        let s = statement(rows, opening: 100_000)
        // Rows 2 and 4 are identical down to the balance: the reversal between them put the money back.
        #expect(s.table.rows[1].balance == s.table.rows[3].balance)
        #expect(DuplicateRowsCheck.run(input(s)).isEmpty)
    }

    @Test("the reversal printed right after the pair on their day explains it too")
    func reversalAfter() {
        // Posting order debit, reversal, retry; printed debit, retry, reversal (same day).
        var s = statement(
            [
                ("2026-09-01", "SALARY", 400_000), ("2026-09-03", "CARD AMAZON", -12_999), ("2026-09-03", "REVERSAL", 12_999),
                ("2026-09-03", "CARD AMAZON", -12_999), ("2026-09-06", "RENT", -90_000),
            ],
            opening: 100_000
        )
        s.table.rows.swapAt(2, 3)
        for i in s.table.rows.indices { s.table.rows[i].index = i + 1 }
        #expect(DuplicateRowsCheck.run(input(s)).isEmpty)
        // A credit of another magnitude in between explains nothing.
        let other = statement(
            [
                ("2026-09-01", "SALARY", 400_000), ("2026-09-03", "CARD AMAZON", -12_999), ("2026-09-03", "REFUND", 5_000),
                ("2026-09-03", "REFUND", -5_000), ("2026-09-03", "CARD AMAZON", 0),
            ],
            opening: 100_000
        )
        var forged = other
        forged.table.rows[4] = forged.table.rows[1]
        forged.table.rows[4].index = 5
        #expect(DuplicateRowsCheck.run(input(forged)).map(\.code) == [.duplicateRows])
    }

    // MARK: FUNDS_PARKED

    /// Three months of a salary account: salary on the 25th, spending through the month.
    func salaryAccount(extra: [(String, String, Int)] = []) -> Statement {
        var items: [(String, String, Int)] = []
        for month in 8...10 {
            let m = String(format: "%02d", month)
            items += [
                ("2026-\(m)-02", "RENT", -150_000), ("2026-\(m)-08", "CARD TESCO", -40_000), ("2026-\(m)-15", "CARD SHELL", -20_000),
                ("2026-\(m)-20", "TRANSFER FROM SAVINGS", 15_000), ("2026-\(m)-25", "SALARY ACME", 420_000),
                ("2026-\(m)-27", "CARD AMAZON", -210_000),
            ]
        }
        items += extra
        items.sort { $0.0 < $1.0 }
        return statement(items, opening: 50_000, period: "01/08/2026 to 31/10/2026")
    }

    @Test("a salary account whose month's credits exceed half its balance is not parked")
    func busyAccount() throws {
        let s = salaryAccount()
        let input = input(s)
        let closing = try #require(input.closingBalance)
        // The old rule's premise holds: the last 30 days' credits are more than half the balance.
        #expect(closing.minorUnits < 2 * (420_000 + 15_000))
        #expect(FundsParkedCheck.run(input).isEmpty)
    }

    @Test("a large one-off credit just before the end is FUNDS_PARKED even on a busy account")
    func oneOffDeposit() throws {
        let s = salaryAccount(extra: [("2026-10-28", "TRANSFER FROM LI MING", 9_000_000)])
        let finding = try #require(FundsParkedCheck.run(input(s)).first)
        #expect(finding.code == .fundsParked)
        #expect(finding.evidence?["usualCredits"] != nil)
        #expect(finding.evidence?["recentCredits"] == .string(Money(minorUnits: 9_435_000).description))
    }

    @Test("without a month of history before the window, the recent credits count in full")
    func shortHistory() {
        let s = statement(
            [("2026-10-10", "SALARY", 420_000), ("2026-10-20", "RENT", -150_000), ("2026-10-25", "CARD", -100_000)],
            opening: 10_000, period: "01/10/2026 to 31/10/2026"
        )
        #expect(FundsParkedCheck.run(input(s)).map(\.code) == [.fundsParked])
    }
}
