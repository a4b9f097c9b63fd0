/// `PAGE_CARRY_BROKEN`: the last balance of a page differs from the balance carried or
/// brought forward across the page break.
enum PageCarryCheck: StatementCheck {
    static func run(_ input: StatementInput) -> [Finding] {
        guard input.arithmeticReadable, input.chain.order == .oldestFirst else { return [] }
        let table = input.statement.table
        for anchor in table.anchors where anchor.kind == .broughtForward || anchor.kind == .carriedForward {
            guard anchor.rowsBefore > 0, let last = table.rows[anchor.rowsBefore - 1].balance, last != anchor.value else {
                continue
            }
            let row = table.rows[anchor.rowsBefore - 1]
            let what = anchor.kind == .broughtForward ? "brought forward on page \(anchor.page)" : "carried forward on page \(anchor.page)"
            var evidence = row.evidence
            evidence["page"] = .int(anchor.page)
            evidence["previousPage"] = .int(row.page)
            evidence["expected"] = .string(last.description)
            evidence["printed"] = .string(anchor.value.description)
            evidence["carry"] = .string(anchor.kind.rawValue)
            return [
                Finding(
                    .pageCarryBroken,
                    "The balance \(what) is \(anchor.value), but the last balance before it (page \(row.page), row \(row.index)) is \(last).",
                    page: anchor.page, evidence: evidence
                )
            ]
        }
        return []
    }
}
