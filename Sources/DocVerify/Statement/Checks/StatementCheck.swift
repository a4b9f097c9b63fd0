internal import Foundation

/// What every statement check looks at: the statement as read, each account's arithmetic,
/// the evaluation time and the policy.
struct StatementInput: Sendable {
    var statement: Statement
    /// One per table (account or currency), in printed order.
    var accounts: [TableArithmetic]
    /// All tables' chains as one: every row's signed amount, the first table's order (for
    /// the checks over every row: duplicates, funds, dates).
    var chain: BalanceChain
    var now: Date
    var policy: Policy

    init(statement: Statement, now: Date, policy: Policy) {
        self.statement = statement
        let summary = statement.summaryTotals
        let only = statement.tables.count == 1
        accounts = statement.tables.map {
            TableArithmetic(
                table: $0, header: statement.header, isOnlyTable: only, filtered: statement.filtered, summaryTotals: summary,
                isCard: statement.isCard
            )
        }
        // A table whose balances do not follow on most rows was misread; then the reader did
        // not understand this layout, and the breaks of its other tables are not evidence either.
        if accounts.contains(where: { $0.chain.unreadableReason != nil }) {
            for i in accounts.indices where !accounts[i].chain.breaks.isEmpty && accounts[i].method == .runningBalance {
                accounts[i].method = .none
                accounts[i].unreadableReasons = ["another table of the statement was misread, so this table's breaks are not trusted"]
            }
        }
        var signed: [Int: Money] = [:]
        for account in accounts { signed.merge(account.chain.signedAmounts) { a, _ in a } }
        chain = BalanceChain(
            order: accounts.first?.chain.order ?? .oldestFirst, chronological: accounts.flatMap(\.chain.chronological),
            signedAmounts: signed, breaks: accounts.flatMap(\.chain.breaks), opening: accounts.first?.opening,
            unreadableReason: nil
        )
        self.now = now
        self.policy = policy
    }

    /// Whether some account's arithmetic could be checked.
    var arithmeticReadable: Bool { accounts.contains { $0.method != .none } }

    /// The method reported for the statement: the one used for the most rows.
    var method: TableArithmetic.Method {
        let checked = accounts.filter { $0.method != .none }
        return checked.max { a, b in
            a.table.rows.count < b.table.rows.count || (a.table.rows.count == b.table.rows.count && a.method > b.method)
        }?.method ?? .none
    }

    /// The statement's last day: the period's end, else the last transaction's date.
    var endDate: CivilDate? {
        statement.header.period?.end ?? statement.table.rows.compactMap(\.date).max()
    }

    /// The closing balance: printed, else the last balance in time order.
    var closingBalance: Money? {
        statement.header.amount(.closingBalance)
            ?? statement.table.anchors.last(where: { $0.kind == .closing })?.value
            ?? accounts.first?.chain.finalBalance
    }
}

/// One statement check: a code (or a few related codes) and a test of its own.
protocol StatementCheck: Sendable {
    static func run(_ input: StatementInput) -> [Finding]
}

extension StatementRow {
    /// `page`, `row` and `date` of the row, for a finding's evidence.
    var evidence: [String: FieldValue] {
        var out: [String: FieldValue] = ["page": .int(page), "row": .int(index), "rowOnPage": .int(rowOnPage)]
        out["date"] = .string(date?.description ?? dateText)
        return out
    }
}
