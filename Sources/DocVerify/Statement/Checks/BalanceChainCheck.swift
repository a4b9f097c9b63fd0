/// `BALANCE_CHAIN_BROKEN`: a row whose balance is not the previous balance plus or minus
/// its amount. Reports the first broken row with the expected and the printed balance.
enum BalanceChainCheck: StatementCheck {
    static func run(_ input: StatementInput) -> [Finding] {
        guard input.arithmeticReadable, let first = input.chain.breaks.first else { return [] }
        var evidence = first.row.evidence
        evidence["previousBalance"] = .string(first.previous.description)
        if let amount = first.row.amount {
            evidence["amount"] = .string(amount.description)
        } else if let magnitude = first.row.magnitude {
            evidence["amount"] = .string(magnitude.description)
        }
        evidence["expected"] = first.expected.count == 1
            ? .string(first.expected[0].description) : .array(first.expected.map { .string($0.description) })
        evidence["printed"] = .string(first.printed.description)
        evidence["brokenRows"] = .int(input.chain.breaks.count)
        evidence["order"] = .string(input.chain.order.rawValue)
        let expected = first.expected.map(\.description).joined(separator: " or ")
        let more = input.chain.breaks.count > 1 ? " (\(input.chain.breaks.count) rows break the chain in all)" : ""
        return [
            Finding(
                .balanceChainBroken,
                "Row \(first.row.index) (page \(first.row.page), \(first.row.dateText)) prints balance \(first.printed), but the previous balance and its amount give \(expected)\(more).",
                page: first.row.page, evidence: evidence
            )
        ]
    }
}
