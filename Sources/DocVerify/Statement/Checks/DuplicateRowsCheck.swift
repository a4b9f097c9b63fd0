/// `DUPLICATE_ROWS`: identical (date, amount, description, balance) rows. Two genuine
/// rows can share date, amount and description, but not the balance after them as well.
enum DuplicateRowsCheck: StatementCheck {
    struct Key: Hashable {
        var date: String
        var amount: Money?
        var description: String
        var balance: Money?
    }

    static func run(_ input: StatementInput) -> [Finding] {
        let rows = input.statement.table.rows.filter { $0.balance != nil && $0.magnitude != nil }
        var first: [Key: StatementRow] = [:]
        var pairs: [(StatementRow, StatementRow)] = []
        for row in rows {
            let key = Key(date: row.date?.description ?? row.dateText, amount: row.amount ?? row.magnitude,
                          description: row.description, balance: row.balance)
            if let earlier = first[key] { pairs.append((earlier, row)) } else { first[key] = row }
        }
        guard let (a, b) = pairs.first else { return [] }
        var evidence = b.evidence
        evidence["duplicateOf"] = .int(a.index)
        evidence["amount"] = .string((b.amount ?? b.magnitude)!.description)
        evidence["balance"] = .string(b.balance!.description)
        evidence["pairs"] = .int(pairs.count)
        return [
            Finding(
                .duplicateRows,
                "Row \(b.index) (page \(b.page)) repeats row \(a.index) exactly: same date, amount, description and balance"
                    + (pairs.count > 1 ? " (\(pairs.count) repeated rows)." : "."),
                page: b.page, evidence: evidence
            )
        ]
    }
}
