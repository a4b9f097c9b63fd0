/// `PAGE_CARRY_BROKEN`: the last balance of a page differs from the balance carried or
/// brought forward across the page break.
enum PageCarryCheck: StatementCheck {
    static func run(_ input: StatementInput) -> [Finding] {
        for account in input.accounts where account.method == .runningBalance && account.chain.order == .oldestFirst {
            let table = account.table
            for anchor in table.anchors where anchor.kind == .broughtForward || anchor.kind == .carriedForward {
                guard anchor.rowsBefore > 0, anchor.rowsBefore <= table.rows.count,
                    let last = table.rows[anchor.rowsBefore - 1].balance, last != anchor.value
                else { continue }
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
        }
        return []
    }
}
