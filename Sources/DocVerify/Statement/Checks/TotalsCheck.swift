/// `BALANCE_TOTALS_MISMATCH`: opening balance plus credits minus debits is not the closing
/// balance, or printed totals differ from the sums of the rows.
enum TotalsCheck: StatementCheck {
    static func run(_ input: StatementInput) -> [Finding] {
        guard input.arithmeticReadable else { return [] }
        let table = input.statement.table
        let header = input.statement.header
        let chain = input.chain
        guard table.rows.allSatisfy({ chain.signedAmounts[$0.index] != nil }) else { return [] }
        var findings: [Finding] = []
        var credits = Money.zero
        var debits = Money.zero
        for row in table.rows {
            let amount = chain.signedAmounts[row.index]!
            if amount.isNegative { debits += amount.magnitude } else { credits += amount }
        }

        let printedClosing = header.amount(.closingBalance) ?? table.anchors.last(where: { $0.kind == .closing })?.value
        if let opening = chain.opening, let closing = printedClosing {
            let computed = opening + credits - debits
            if computed != closing {
                findings.append(
                    Finding(
                        .balanceTotalsMismatch,
                        "Opening balance \(opening) plus credits \(credits) minus debits \(debits) gives \(computed), but the closing balance printed is \(closing).",
                        page: header[.closingBalance]?.page,
                        evidence: [
                            "opening": .string(opening.description), "credits": .string(credits.description),
                            "debits": .string(debits.description), "expected": .string(computed.description),
                            "printed": .string(closing.description),
                        ]
                    )
                )
            }
        } else if let closing = printedClosing, let last = chain.finalBalance, closing != last {
            findings.append(
                Finding(
                    .balanceTotalsMismatch,
                    "The closing balance printed is \(closing), but the last row's balance is \(last).",
                    page: header[.closingBalance]?.page,
                    evidence: ["expected": .string(last.description), "printed": .string(closing.description)]
                )
            )
        }

        // Totals printed as labelled fields cover the whole statement.
        for (field, sum, name) in [(StatementHeader.Field.totalDebits, debits, "debits"), (.totalCredits, credits, "credits")] {
            guard let printed = header.amount(field)?.magnitude, printed != sum else { continue }
            findings.append(
                Finding(
                    .balanceTotalsMismatch,
                    "The total of \(name) printed is \(printed), but the rows add up to \(sum).",
                    page: header[field]?.page,
                    evidence: ["total": .string(name), "expected": .string(sum.description), "printed": .string(printed.description)]
                )
            )
        }

        // "Total" rows: a page total or a grand total; either sum may match.
        for total in table.totals {
            let pageRows = table.rows.filter { $0.page == total.page }
            func sums(_ rows: [StatementRow]) -> (credits: Money, debits: Money) {
                rows.reduce((Money.zero, Money.zero)) { acc, row in
                    let amount = chain.signedAmounts[row.index]!
                    return amount.isNegative ? (acc.0, acc.1 + amount.magnitude) : (acc.0 + amount, acc.1)
                }
            }
            let all = (credits: credits, debits: debits)
            let page = sums(pageRows)
            let checks: [(String, Money?, Money, Money)] = [
                ("debits", total.debits, all.debits, page.debits),
                ("credits", total.credits, all.credits, page.credits),
                ("net", total.net, all.credits - all.debits, page.credits - page.debits),
            ]
            for (name, printed, whole, onPage) in checks {
                guard let printed, printed != whole, printed != onPage else { continue }
                findings.append(
                    Finding(
                        .balanceTotalsMismatch,
                        "The total of \(name) printed on page \(total.page) is \(printed), but the rows add up to \(whole).",
                        page: total.page,
                        evidence: [
                            "total": .string(name), "expected": .string(whole.description),
                            "printed": .string(printed.description),
                        ]
                    )
                )
            }
        }
        return findings
    }
}
