/// `BALANCE_TOTALS_MISMATCH`: an account's opening balance plus credits minus debits is not its
/// closing balance, or totals the statement prints differ from the sums of the rows.
enum TotalsCheck: StatementCheck {
    static func run(_ input: StatementInput) -> [Finding] {
        var findings: [Finding] = []
        for (number, account) in input.accounts.enumerated() where account.method != .none {
            guard let sums = account.sums else { continue }
            let label = input.accounts.count > 1 ? " of account \(number + 1)" : ""
            var extra: [String: FieldValue] = input.accounts.count > 1 ? ["account": .int(number + 1)] : [:]
            let closingPage = account.table.anchors.last(where: { $0.kind == .closing })?.page
                ?? input.statement.header[.closingBalance]?.page

            if (account.method == .runningBalance || account.method == .accountTotals) && !account.closingIsSubtotal {
                if let opening = account.opening, let closing = account.closing {
                    let computed = opening + sums.credits - sums.debits
                    // A card account prints what is owed: purchases raise it, payments lower it.
                    let owed = account.isCard ? opening - sums.credits + sums.debits : computed
                    // Some card issuers print the amount due rounded to whole units.
                    let rounded = account.isCard && closing.minorUnits % 100 == 0
                        && min(abs(computed.minorUnits - closing.minorUnits), abs(owed.minorUnits - closing.minorUnits)) < 100
                    if computed != closing && (account.method == .runningBalance || owed != closing) && !rounded {
                        extra.merge([
                            "opening": .string(opening.description), "credits": .string(sums.credits.description),
                            "debits": .string(sums.debits.description), "expected": .string(computed.description),
                            "printed": .string(closing.description),
                        ]) { $1 }
                        findings.append(
                            Finding(
                                .balanceTotalsMismatch,
                                "Opening balance\(label) \(opening) plus credits \(sums.credits) minus debits \(sums.debits) gives \(computed), but the closing balance printed is \(closing).",
                                page: closingPage, evidence: extra
                            )
                        )
                    }
                } else if let closing = account.closing, let last = account.chain.finalBalance, closing != last {
                    extra.merge(["expected": .string(last.description), "printed": .string(closing.description)]) { $1 }
                    findings.append(
                        Finding(
                            .balanceTotalsMismatch,
                            "The closing balance\(label) printed is \(closing), but the last row's balance is \(last).",
                            page: closingPage, evidence: extra
                        )
                    )
                }
            }
            findings += printedTotals(account, label: label, extra: input.accounts.count > 1 ? ["account": .int(number + 1)] : [:])
        }
        // The same total printed twice (a summary box and a footer) is one finding.
        var seen = Set<String>()
        return findings.filter { seen.insert($0.message).inserted }
    }

    /// Total lines and summaries: a page total, a running total to that line, or a grand
    /// total; any of the sums it can be is accepted.
    static func printedTotals(_ account: TableArithmetic, label: String, extra: [String: FieldValue]) -> [Finding] {
        let rows = account.table.rows.filter { !$0.neutral && !$0.balanceOnly }
        let chain = account.chain
        func sums(_ rows: [StatementRow]) -> (credits: Money, debits: Money, creditCount: Int, debitCount: Int) {
            rows.reduce((Money.zero, Money.zero, 0, 0)) { acc, row in
                guard let amount = chain.signedAmounts[row.index] else { return acc }
                return amount.isNegative
                    ? (acc.0, acc.1 + amount.magnitude, acc.2, acc.3 + 1) : (acc.0 + amount, acc.1, acc.2 + 1, acc.3)
            }
        }
        var findings: [Finding] = []
        let all = sums(rows)
        for total in account.totals {
            var candidates = [all]
            if let opening = account.opening, total.net != nil {
                // A sub-total that carries the opening balance in.
                candidates.append((all.credits + opening, all.debits, 0, 0))
            }
            if !total.isSummary {
                let before = Array(account.table.rows.prefix(total.rowsBefore)).filter { !$0.neutral }
                candidates.append(sums(before))
                candidates.append(sums(before.filter { $0.page == total.page }))
            }
            typealias Sums = (credits: Money, debits: Money, creditCount: Int, debitCount: Int)
            let debitsOf: (Sums) -> Money = { $0.debits }
            let creditsOf: (Sums) -> Money = { $0.credits }
            let netOf: (Sums) -> Money = { $0.credits - $0.debits }
            let checks: [(String, Money?, (Sums) -> Money)] = [
                ("debits", total.debits, debitsOf), ("credits", total.credits, creditsOf),
                // A net total is evidence only beside a side's total on the same line.
                ("net", total.debits != nil || total.credits != nil ? total.net : nil, netOf),
            ]
            for (name, printed, value) in checks {
                guard let printed, !candidates.contains(where: { value($0) == printed }) else { continue }
                var evidence = extra
                evidence.merge([
                    "total": .string(name), "expected": .string(value(all).description),
                    "printed": .string(printed.description),
                ]) { $1 }
                findings.append(
                    Finding(
                        .balanceTotalsMismatch,
                        "The total of \(name)\(label) printed on page \(total.page) is \(printed), but the rows add up to \(value(all)).",
                        page: total.page, evidence: evidence
                    )
                )
            }
        }
        return findings
    }
}
