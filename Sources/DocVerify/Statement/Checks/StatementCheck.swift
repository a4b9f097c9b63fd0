internal import Foundation

/// What every statement check looks at: the statement as read, its balance chain, the
/// evaluation time and the policy.
struct StatementInput: Sendable {
    var statement: Statement
    var chain: BalanceChain
    var now: Date
    var policy: Policy

    init(statement: Statement, now: Date, policy: Policy) {
        self.statement = statement
        self.chain = BalanceChain.evaluate(statement.table, opening: statement.header.amount(.openingBalance))
        self.now = now
        self.policy = policy
    }

    /// Whether the amounts can be trusted for arithmetic.
    var arithmeticReadable: Bool { statement.table.isReadable && chain.unreadableReason == nil }

    /// The statement's last day: the period's end, else the last transaction's date.
    var endDate: CivilDate? {
        statement.header.period?.end ?? statement.table.rows.compactMap(\.date).max()
    }

    /// The closing balance: printed, else the last balance in time order.
    var closingBalance: Money? {
        statement.header.amount(.closingBalance)
            ?? statement.table.anchors.last(where: { $0.kind == .closing })?.value
            ?? chain.finalBalance
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
