/// `BALANCE_TOTALS_MISMATCH`: an account's opening balance plus credits minus debits is not its
/// closing balance, or totals the statement prints differ from the sums of the rows.
enum TotalsCheck: StatementCheck {
    static func run(_ input: StatementInput) -> [Finding] {
        var findings: [Finding] = []
        for (number, account) in input.accounts.enumerated() where account.method != .none {
            guard let sums = account.sums else { continue }
            let label = input.accounts.count > 1 ? " of account \(number + 1)" : ""
            var extra: [String: FieldValue] = input.accounts.count > 1 ? ["account": .int(number + 1)] : [:]
            let closingPage =
                account.table.anchors.last(where: { $0.kind == .closing })?.page
                ?? input.statement.header[.closingBalance]?.page

            if (account.method == .runningBalance || account.method == .accountTotals) && !account.closingIsSubtotal {
                if let opening = account.opening, let closing = account.closing {
                    let computed = opening + sums.credits - sums.debits
                    // A card account prints what is owed: purchases raise it, payments lower it.
                    let owed = account.isCard ? opening - sums.credits + sums.debits : computed
                    // Some card issuers print the amount due rounded to whole units.
                    let rounded =
                        account.isCard && closing.minorUnits % 100 == 0
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
            findings += printedTotals(account, sums: sums, label: label, extra: input.accounts.count > 1 ? ["account": .int(number + 1)] : [:])
        }
        // The same total printed twice (a summary box and a footer) is one finding.
        var seen = Set<String>()
        return findings.filter { seen.insert($0.message).inserted }
    }

    /// Total lines and summaries: a page total, a running total to that line, or a grand
    /// total; any of the sums it can be is accepted.
    /// `all` is the sums of every row (each row's side is known here).
    static func printedTotals(
        _ account: TableArithmetic, sums all: TableArithmetic.Sums, label: String, extra: [String: FieldValue]
    ) -> [Finding] {
        var findings: [Finding] = []
        for total in account.totals {
            var candidates = [all]
            if let opening = account.opening, total.net != nil {
                // A sub-total that carries the opening balance in.
                candidates.append((all.credits + opening, all.debits, 0, 0))
            }
            if !total.isSummary {
                let before = account.table.rows.prefix(total.rowsBefore)
                if let running = account.sums(of: before) { candidates.append(running) }
                if let page = account.sums(of: before.filter { $0.page == total.page }) { candidates.append(page) }
            }
            typealias Sums = TableArithmetic.Sums
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
