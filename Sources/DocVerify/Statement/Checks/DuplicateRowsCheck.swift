/// `DUPLICATE_ROWS`: identical (date, amount, description, balance) rows that no reversal
/// between them explains. Two genuine rows can share date, amount and description, but not
/// the balance after them as well, unless something in between put the money back: a debit,
/// its reversal (a refund, a chargeback) and the retry of the same payment print exactly
/// that. So a pair is explained when a row of the same magnitude on the other side stands
/// between the two, or right beside the pair on their day (banks print a day's rows in an
/// order other than posting).
enum DuplicateRowsCheck: StatementCheck {
    struct Key: Hashable {
        var date: String
        var amount: Money?
        var description: String
        var balance: Money?
    }

    static func run(_ input: StatementInput) -> [Finding] {
        let rows = input.statement.table.rows.filter { $0.balance != nil && $0.magnitude != nil }
        var first: [Key: Int] = [:]
        var pairs: [(StatementRow, StatementRow)] = []
        for (position, row) in rows.enumerated() {
            let key = Key(
                date: row.date?.description ?? row.dateText, amount: row.amount ?? row.magnitude,
                description: row.description, balance: row.balance)
            if let earlier = first[key] {
                if !reversed(between: earlier, and: position, in: rows, signed: input.chain.signedAmounts) {
                    pairs.append((rows[earlier], row))
                }
            }
            first[key] = position
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
                "Row \(b.index) (page \(b.page)) repeats row \(a.index) exactly: same date, amount, description and balance, with no reversal between them"
                    + (pairs.count > 1 ? " (\(pairs.count) repeated rows)." : "."),
                page: b.page, evidence: evidence
            )
        ]
    }

    /// Whether a row of the pair's magnitude on the other side stands between positions
    /// `i` and `j` of `rows`, or right before `i` or after `j` on the pair's day.
    static func reversed(between i: Int, and j: Int, in rows: [StatementRow], signed: [Int: Money]) -> Bool {
        guard let magnitude = rows[i].magnitude else { return false }
        let side = sign(of: rows[i], signed: signed)
        var candidates = Array(rows[(i + 1)..<j])
        for k in [i - 1, j + 1] where rows.indices.contains(k) && sameDay(rows[k], rows[i]) { candidates.append(rows[k]) }
        return candidates.contains { row in
            guard row.magnitude == magnitude else { return false }
            let other = sign(of: row, signed: signed)
            // Sides unknown (only magnitudes read): a row of the same magnitude and another
            // description is taken for the reversal; the balance check judges the arithmetic.
            guard let side, let other else { return row.description != rows[i].description }
            return side != other
        }
    }

    /// +1 for a credit, -1 for a debit, `nil` when the side is not known.
    static func sign(of row: StatementRow, signed: [Int: Money]) -> Int? {
        guard let amount = row.amount ?? signed[row.index], amount != .zero else { return nil }
        return amount.isNegative ? -1 : 1
    }

    static func sameDay(_ a: StatementRow, _ b: StatementRow) -> Bool {
        if let x = a.date, let y = b.date { return x == y }
        return a.dateText == b.dateText
    }
}
