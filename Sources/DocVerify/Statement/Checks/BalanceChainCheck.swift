/// `BALANCE_CHAIN_BROKEN`: a row whose balance is not the previous balance plus or minus its
/// amount, in any order of that day's rows. Reports the first broken row with the expected
/// and the printed balance.
enum BalanceChainCheck: StatementCheck {
    static func run(_ input: StatementInput) -> [Finding] {
        let chained = input.accounts.filter { $0.method == .runningBalance }
        let breaks = chained.flatMap(\.chain.breaks)
        guard let first = breaks.first, let account = chained.first(where: { !$0.chain.breaks.isEmpty }) else { return [] }
        var evidence = first.row.evidence
        evidence["previousBalance"] = .string(first.previous.description)
        if let amount = first.row.amount {
            evidence["amount"] = .string(amount.description)
        } else if let magnitude = first.row.magnitude {
            evidence["amount"] = .string(magnitude.description)
        }
        evidence["expected"] =
            first.expected.count == 1
            ? .string(first.expected[0].description) : .array(first.expected.map { .string($0.description) })
        evidence["printed"] = .string(first.printed.description)
        evidence["brokenRows"] = .int(breaks.count)
        evidence["order"] = .string(account.chain.order.rawValue)
        if input.accounts.count > 1 {
            evidence["account"] = .int((input.accounts.firstIndex { $0.table.rows.first?.index == account.table.rows.first?.index } ?? 0) + 1)
        }
        let expected = first.expected.map(\.description).joined(separator: " or ")
        let more = breaks.count > 1 ? " (\(breaks.count) rows break the chain in all)" : ""
        return [
            Finding(
                .balanceChainBroken,
                "Row \(first.row.index) (page \(first.row.page), \(first.row.dateText)) prints balance \(first.printed), but the previous balance and its amount give \(expected), in any order of that day's rows\(more).",
                page: first.row.page, evidence: evidence
            )
        ]
    }
}
