import Testing

@testable import DocVerify

/// `BalanceChain` over tables made of `StatementRow` values (no PDF, no reader): same-day rows
/// in another order than posting, the first day without an opening balance, rows without a
/// printed balance, rows that changed nothing, newest-first tables, and the forgeries each of
/// these allowances must not hide.
@Suite struct BalanceChainTests {
    /// One printed row: its day of September 2026, signed amount in cents, balance in cents
    /// (`nil`: none printed); `sided: false` prints the magnitude only (the balance tells the side).
    struct Line {
        var day: Int
        var amount: Int?
        var magnitude: Int? = nil
        var balance: Int?
        var sided = true
    }

    static func row(_ index: Int, _ line: Line) -> StatementRow {
        let magnitude = line.magnitude ?? line.amount.map(abs)
        let d = line.day < 10 ? "0\(line.day)" : "\(line.day)"
        return StatementRow(
            page: 1, index: index, rowOnPage: index, dateText: "\(d)/09/2026",
            date: CivilDate(year: 2026, month: 9, day: line.day), impossibleDate: false, description: "ROW \(index)",
            amount: line.sided ? line.amount.map { Money(minorUnits: $0) } : nil,
            magnitude: magnitude.map { Money(minorUnits: $0) }, balance: line.balance.map { Money(minorUnits: $0) }, cells: [:]
        )
    }

    /// A table of `lines` in printed order, with an `Opening balance` anchor when `opening` is given.
    static func table(_ lines: [Line], opening: Int? = nil) -> TransactionTable {
        var table = TransactionTable()
        table.hasHeader = true
        table.hasBalanceColumn = true
        table.rows = lines.enumerated().map { row($0.offset + 1, $0.element) }
        if let opening { table.anchors = [TableAnchor(kind: .opening, page: 1, value: Money(minorUnits: opening), rowsBefore: 0)] }
        return table
    }

    static func chain(_ lines: [Line], opening: Int? = nil, headerOpening: Int? = nil) -> BalanceChain {
        BalanceChain.evaluate(table(lines, opening: opening), opening: headerOpening.map { Money(minorUnits: $0) })
    }

    // MARK: Same-day rows out of posting order

    /// Posted on 1 September: salary +1,000.00 (100,000 → 200,000), then rent −1,200.00
    /// (→ 80,000); printed rent first. From 100,000 the printed order does not follow; the
    /// posting order does.
    static let sameDay = [
        Line(day: 1, amount: -120_000, balance: 80_000), Line(day: 1, amount: 100_000, balance: 200_000),
        Line(day: 2, amount: -5_000, balance: 75_000), Line(day: 3, amount: 2_500, balance: 77_500),
    ]

    @Test("same-day rows printed out of posting order reconcile in the order that was posted")
    func sameDayReordered() {
        let chain = Self.chain(Self.sameDay, opening: 100_000)
        #expect(chain.breaks.isEmpty, "breaks at rows \(chain.breaks.map(\.row.index))")
        #expect(chain.reorderedDays == 1)
        #expect(chain.chronological.map(\.index) == [2, 1, 3, 4])
        #expect(chain.signedAmounts[1] == Money(minorUnits: -120_000))
        #expect(chain.signedAmounts[2] == Money(minorUnits: 100_000))
        #expect(chain.finalBalance == Money(minorUnits: 77_500))
        #expect(chain.unreadableReason == nil)
    }

    @Test("same-day rows whose side only the balance tells reconcile in posting order too")
    func sameDayUnsided() {
        var lines = Self.sameDay
        for i in lines.indices { lines[i].sided = false }
        let chain = Self.chain(lines, opening: 100_000)
        #expect(chain.breaks.isEmpty)
        #expect(chain.signedAmounts[1] == Money(minorUnits: -120_000))
        #expect(chain.signedAmounts[2] == Money(minorUnits: 100_000))
    }

    @Test("a forged amount on a reordered day still breaks the chain: no order of that day reconciles")
    func sameDayForged() throws {
        var lines = Self.sameDay
        lines[1].amount = 150_000  // salary raised from 1,000.00 to 1,500.00, balances left
        let chain = Self.chain(lines, opening: 100_000)
        let first = try #require(chain.breaks.first, "the raised salary was reconciled")
        #expect(chain.reorderedDays == 0)
        #expect([1, 2].contains(first.row.index))
        #expect(chain.breaks.allSatisfy { $0.row.date == CivilDate(year: 2026, month: 9, day: 1) })
        #expect(chain.unreadableReason == nil)
    }

    @Test("a reordered day is not a licence to swap days: rows of different days are not reordered")
    func differentDaysNotReordered() {
        var lines = Self.sameDay
        lines[1].day = 2  // the salary now printed under 2 September, after the rent of the 1st
        lines[2].day = 2
        let chain = Self.chain(lines, opening: 100_000)
        #expect(!chain.breaks.isEmpty)
    }

    /// `count` rows posted on 2 September from 1,000.00 (alternating debits and credits of
    /// different sizes), printed in reverse posting order, then `after` ordinary rows, one a day.
    static func busyDay(_ count: Int, after: Int = 1) -> [Line] {
        var balance = 100_000
        var posted: [Line] = []
        for k in 0..<count {
            let amount = k % 2 == 0 ? -(1_000 + 137 * k) : 2_000 + 91 * k
            balance += amount
            posted.append(Line(day: 2, amount: amount, balance: balance))
        }
        var later: [Line] = []
        for k in 0..<after {
            let amount = k % 3 == 0 ? 1_500 : -400 - k
            balance += amount
            later.append(Line(day: 3 + k / 3, amount: amount, balance: balance))
        }
        return posted.reversed() + later
    }

    @Test("a busy day of twelve rows printed in reverse posting order reconciles")
    func busyDayOfTwelve() {
        let chain = Self.chain(Self.busyDay(12, after: 60), opening: 100_000)
        #expect(chain.breaks.isEmpty, "breaks at rows \(chain.breaks.map(\.row.index))")
        #expect(chain.reorderedDays == 1)
    }

    @Test("a busy day of more rows than the search takes is not a broken chain")
    func busyDayOfThirteen() {
        // A genuine day of 13 rows whose rows reconcile in posting order, in a statement of 73
        // rows: docs/bank-statement.md lets a row break the chain only when no order of its day reconciles.
        // Past twelve rows the orders are not searched one by one: the day reconciles as a whole
        // (`BalanceChain.dayEnd`).
        let chain = Self.chain(Self.busyDay(13, after: 60), opening: 100_000)
        #expect(chain.breaks.isEmpty, "breaks at rows \(chain.breaks.map(\.row.index))")
        // Whatever the reader does with such a day, it must not call it a forgery: at worst
        // it stands aside (unreadableReason), as for a misread table.
        #expect(chain.breaks.isEmpty || chain.unreadableReason != nil)
    }

    // MARK: The first day without an opening balance

    /// Posted on 1 September from 100,000: +50,000 (150,000), −30,000 (120,000), −10,000
    /// (110,000); printed in reverse posting order, no opening balance anywhere.
    static let firstDayReversed = [
        Line(day: 1, amount: -10_000, balance: 110_000), Line(day: 1, amount: -30_000, balance: 120_000),
        Line(day: 1, amount: 50_000, balance: 150_000), Line(day: 2, amount: -10_000, balance: 100_000),
        Line(day: 4, amount: 20_000, balance: 120_000),
    ]

    @Test("the first day, with no balance before it, printed in reverse posting order reconciles")
    func firstDayWithoutOpening() {
        let chain = Self.chain(Self.firstDayReversed)
        #expect(chain.breaks.isEmpty, "breaks at rows \(chain.breaks.map(\.row.index))")
        #expect(chain.opening == nil)
        #expect(chain.chronological.map(\.index) == [3, 2, 1, 4, 5])
        #expect(BalanceChain.firstDayStart(Array(Self.table(Self.firstDayReversed).rows.prefix(3))) == Money(minorUnits: 100_000))
    }

    @Test("a forged amount on the first day without an opening balance still breaks")
    func firstDayForged() {
        var lines = Self.firstDayReversed
        lines[1].amount = -3_000  // −300.00 printed as −30.00, balances left
        let chain = Self.chain(lines)
        #expect(!chain.breaks.isEmpty)
    }

    // MARK: Rows without a printed balance

    /// 2 September prints one balance for two rows: −100.00 (no balance), −200.00 → 700.00.
    static let dailyBalance = [
        Line(day: 1, amount: -10_000, balance: nil), Line(day: 1, amount: -20_000, balance: 70_000),
        Line(day: 2, amount: 5_000, balance: 75_000), Line(day: 3, amount: -2_500, balance: nil),
        Line(day: 4, amount: -2_500, balance: nil), Line(day: 5, amount: 10_000, balance: 80_000),
    ]

    @Test("a row without a balance counts toward the next printed balance")
    func rowWithoutBalance() {
        let chain = Self.chain(Self.dailyBalance, opening: 100_000)
        #expect(chain.breaks.isEmpty, "breaks at rows \(chain.breaks.map(\.row.index))")
        #expect(chain.signedAmounts[1] == Money(minorUnits: -10_000))
        #expect(chain.signedAmounts[4] == Money(minorUnits: -2_500))
        #expect(chain.finalBalance == Money(minorUnits: 80_000))
    }

    @Test("a forged amount on a row without a balance breaks the chain at the next printed balance")
    func rowWithoutBalanceForged() throws {
        var lines = Self.dailyBalance
        lines[0].amount = -1_000  // −100.00 printed as −10.00
        let chain = Self.chain(lines, opening: 100_000)
        let first = try #require(chain.breaks.first)
        #expect(first.row.index == 2)
        #expect(first.expected == [Money(minorUnits: 100_000 - 1_000 - 20_000)])
        #expect(first.printed == Money(minorUnits: 70_000))

        var later = Self.dailyBalance
        later[4].amount = -500  // the second of two rows without a balance
        let laterChain = Self.chain(later, opening: 100_000)
        #expect(laterChain.breaks.map(\.row.index) == [6])
    }

    // MARK: Rows that changed nothing

    /// A debit order of 500.00 returned unpaid: the bank prints the row with a balance of 0.00
    /// and goes on from the balance before it.
    static let declined = [
        Line(day: 1, amount: -10_000, balance: 90_000), Line(day: 2, amount: -50_000, balance: 0),
        Line(day: 3, amount: -5_000, balance: 85_000), Line(day: 4, amount: 20_000, balance: 105_000),
    ]

    @Test("a declined row printing 0.00, after which the next row follows the balance before it, is skipped")
    func declinedRowSkipped() {
        let chain = Self.chain(Self.declined, opening: 100_000)
        #expect(chain.breaks.isEmpty, "breaks at rows \(chain.breaks.map(\.row.index))")
        #expect(chain.signedAmounts[2] == .zero, "the declined row counted \(String(describing: chain.signedAmounts[2]))")
        #expect(chain.finalBalance == Money(minorUnits: 105_000))
    }

    @Test("a line with a balance but no readable amount that changed nothing is skipped")
    func amountlessRowSkipped() {
        var lines = Self.declined
        lines[1] = Line(day: 2, amount: nil, magnitude: nil, balance: 0)
        let chain = Self.chain(lines, opening: 100_000)
        #expect(chain.breaks.isEmpty, "breaks at rows \(chain.breaks.map(\.row.index))")
        #expect(chain.finalBalance == Money(minorUnits: 105_000))
    }

    @Test("an edited amount whose own balance stands still breaks: the next row follows from that balance")
    func editedAmountNotSkipped() throws {
        // Genuine: −100.00 → 900.00, −200.00 → 700.00, −50.00 → 650.00. Forged: −200.00 printed as −20.00.
        let lines = [
            Line(day: 1, amount: -10_000, balance: 90_000), Line(day: 2, amount: -2_000, balance: 70_000),
            Line(day: 3, amount: -5_000, balance: 65_000), Line(day: 4, amount: 10_000, balance: 75_000),
        ]
        let chain = Self.chain(lines, opening: 100_000)
        let first = try #require(chain.breaks.first, "the edited amount was skipped as a row that changed nothing")
        #expect(first.row.index == 2)
        #expect(first.expected == [Money(minorUnits: 88_000)])
        #expect(first.printed == Money(minorUnits: 70_000))
        #expect(chain.breaks.count == 1)
    }

    @Test("an edited balance on a row is not skipped when the next row follows from it")
    func editedBalanceBreaks() {
        var lines = Self.declined
        lines[1] = Line(day: 2, amount: -50_000, balance: 60_000)  // the balance typed over, 40,000 → 60,000
        lines[2] = Line(day: 3, amount: -5_000, balance: 55_000)
        lines[3] = Line(day: 4, amount: 20_000, balance: 75_000)
        let chain = Self.chain(lines, opening: 100_000)
        #expect(chain.breaks.map(\.row.index) == [2])
    }

    // MARK: Newest first

    static let newestFirst = [
        Line(day: 9, amount: -5_000, balance: 65_000), Line(day: 6, amount: -20_000, balance: 70_000),
        Line(day: 3, amount: -10_000, balance: 90_000), Line(day: 1, amount: 50_000, balance: 100_000),
    ]

    @Test("a newest-first table reconciles bottom to top, from the header's opening balance")
    func newestFirstReconciles() {
        let table = Self.table(Self.newestFirst)
        #expect(BalanceChain.detectOrder(table) == .newestFirst)
        let chain = BalanceChain.evaluate(table, opening: Money(minorUnits: 50_000))
        #expect(chain.order == .newestFirst)
        #expect(chain.breaks.isEmpty, "breaks at rows \(chain.breaks.map(\.row.index))")
        #expect(chain.chronological.map(\.index) == [4, 3, 2, 1])
        #expect(chain.finalBalance == Money(minorUnits: 65_000))
        #expect(chain.opening == Money(minorUnits: 50_000))
    }

    @Test("a forged amount in a newest-first table breaks at its row")
    func newestFirstForged() throws {
        var lines = Self.newestFirst
        lines[1].amount = -2_000  // −200.00 printed as −20.00
        let chain = BalanceChain.evaluate(Self.table(lines), opening: Money(minorUnits: 50_000))
        #expect(chain.order == .newestFirst)
        let first = try #require(chain.breaks.first)
        #expect(first.row.index == 2)
        #expect(first.expected == [Money(minorUnits: 88_000)])
    }

    @Test("same-day rows out of posting order in a newest-first table reconcile")
    func newestFirstSameDay() {
        // Posted on the 3rd: +500.00 (100,000 → 150,000), then −300.00 (→ 120,000). Newest first
        // the later posting would stand on top; this bank prints the day's rows in posting order
        // (the salary above the rent), so read bottom to top they do not follow.
        let lines = [
            Line(day: 5, amount: -20_000, balance: 100_000), Line(day: 3, amount: 50_000, balance: 150_000),
            Line(day: 3, amount: -30_000, balance: 120_000), Line(day: 1, amount: 10_000, balance: 100_000),
        ]
        let chain = BalanceChain.evaluate(Self.table(lines), opening: Money(minorUnits: 90_000))
        #expect(chain.order == .newestFirst)
        #expect(chain.breaks.isEmpty, "breaks at rows \(chain.breaks.map(\.row.index))")
        #expect(chain.reorderedDays == 1)
    }

    // MARK: A misread table

    @Test("balances that follow nothing on most rows mark the table misread, not forged")
    func misread() {
        let lines = (1...12).map { Line(day: $0, amount: -1_000 * $0, balance: 777 * ($0 * $0 + 3)) }
        let chain = Self.chain(lines, opening: 100_000)
        #expect(chain.breaks.count > 3)
        #expect(chain.unreadableReason != nil)
    }
}
