internal import Foundation

/// The bank-statement checks of `docs/bank-statement.md`: content logic and means of
/// subsistence over the statement as read from positioned words, plus the statement's
/// view of any PDF signature it carries. File forensics are ``ForensicChecks``' (shared
/// with every kind of document).
enum StatementChecks {
    /// Every check, in the order their findings are listed.
    static let checks: [any StatementCheck.Type] = [
        BalanceChainCheck.self, TotalsCheck.self, PageCarryCheck.self, DateInvalidCheck.self,
        DateOutsidePeriodCheck.self, DateOrderCheck.self, IdentifierChecks.self, DuplicateRowsCheck.self,
        FundsParkedCheck.self, StatementStaleCheck.self, PeriodTooShortCheck.self,
    ]

    /// The checks over a statement already read from `context`'s pages.
    static func run(_ statement: Statement, _ context: AnalysisContext, signatures: SignatureOutcome) -> AnalysisResult {
        var result = evaluate(statement, now: context.now, policy: context.policy)
        result.merge(signatureResult(signatures))
        return result
    }

    /// The content and means checks over a statement already read (what the unit tests call).
    static func evaluate(_ statement: Statement, now: Date, policy: Policy) -> AnalysisResult {
        let input = StatementInput(statement: statement, now: now, policy: policy)
        var result = AnalysisResult()
        result.findings += arithmeticFindings(input)
        for check in checks { result.findings += check.run(input) }
        result.fields = fields(input)
        result.details = details(input)
        return result
    }

    /// What was and was not checked of the arithmetic: `ROWS_UNREADABLE` (warn) for every table
    /// whose arithmetic could not be checked, `STATEMENT_FILTERED` for a filtered export, and
    /// the method used.
    static func arithmeticFindings(_ input: StatementInput) -> [Finding] {
        var findings: [Finding] = []
        let unchecked = input.accounts.enumerated().filter { $0.element.method == .none }
        if !unchecked.isEmpty {
            let reasons = unchecked.flatMap(\.element.unreadableReasons)
            let rows = unchecked.map(\.element.table.rows.count).reduce(0, +)
            let which =
                input.accounts.count > 1
                ? "The transaction table of account \(unchecked.map { String($0.offset + 1) }.joined(separator: ", ")) could not be rebuilt with confidence"
                : "The transaction table could not be rebuilt with confidence"
            findings.append(
                Finding(
                    .rowsUnreadable,
                    "\(which) (\(reasons.first ?? "unknown reason")), so its arithmetic was not checked; check the balances and totals by hand.",
                    evidence: [
                        "reasons": .array(reasons.prefix(5).map { .string($0) }), "problems": .int(reasons.count),
                        "rows": .int(rows), "accounts": .int(unchecked.count),
                    ]
                )
            )
        }
        if input.statement.filtered {
            findings.append(
                Finding(
                    .statementFiltered,
                    "The statement says it was exported with a filter, so only some rows are shown: its arithmetic could only be checked row by row against the totals it prints, not as a running balance."
                )
            )
        }
        let method = input.method
        if method != .none {
            let checked = input.accounts.filter { $0.method != .none }
            findings.append(
                Finding(
                    .arithmeticChecked,
                    "Arithmetic checked (\(method.rawValue)) over \(checked.map(\.table.rows.count).reduce(0, +)) rows in \(checked.count) account\(checked.count == 1 ? "" : "s").",
                    evidence: ["method": .string(method.rawValue), "accounts": .int(checked.count)]
                )
            )
        }
        return findings
    }

    /// A statement's signature, in the statement's words: a broken or partial signature is
    /// `SIGNATURE_INVALID`, a valid one covering the whole file `SIGNED_BY_BANK`. The
    /// signature engineer's findings are kept as they are.
    static func signatureResult(_ signatures: SignatureOutcome) -> AnalysisResult {
        var result = signatures.result
        // The signature checks word statements themselves (``SignatureOutcome/statementFinding``);
        // this mapping stands in only for an outcome that does not.
        let worded =
            signatures.statementFinding != nil
            || result.findings.contains { $0.code == .signatureInvalid || $0.code == .signedByBank }
        guard signatures.signatureCount > 0, !worded else { return result }
        let broken: Set<FindingCode> = [
            .sigByteRangeInvalid, .sigNotWholeFile, .sigDigestMismatch, .sigCryptoInvalid, .sigUpdatedAfterSigning,
            .sigCertExpired, .sigCertRevoked, .sigKeyUsage,
        ]
        let problems = signatures.result.findings.filter { broken.contains($0.code) }
        if let first = problems.first {
            result.findings.append(
                Finding(
                    .signatureInvalid,
                    "The statement carries a PDF signature that does not hold: \(first.message)",
                    evidence: ["codes": .array(problems.map { .string($0.code.rawValue) })]
                )
            )
        } else if signatures.trustedWholeFile
            || signatures.result.findings.contains(where: { $0.code == .sigValid || $0.code == .sigValidUntrustedIssuer })
        {
            result.findings.append(
                Finding(.signedByBank, "The statement carries a valid PDF signature covering the whole file.")
            )
        }
        return result
    }

    /// What was read, for the verdict's `fields` (identifiers masked; no names).
    static func fields(_ input: StatementInput) -> [String: FieldValue] {
        let header = input.statement.header
        var fields: [String: FieldValue] = [:]
        if let period = header.period {
            fields["periodStart"] = .string(period.start.description)
            fields["periodEnd"] = .string(period.end.description)
        }
        if let issued = header.issueDate { fields["issueDate"] = .string(issued.description) }
        if let currency = header[.currency]?.text.split(separator: " ").first { fields["currency"] = .string(String(currency)) }
        if let account = header[.accountNumber]?.text.split(separator: " ").first {
            fields["accountNumber"] = .string(Masking.identifier(String(account)))
        }
        if let iban = header[.iban].flatMap({ IdentifierChecks.leadingIBAN($0.text) }) {
            fields["iban"] = .string(Masking.identifier(iban))
        }
        if let opening = input.chain.opening { fields["openingBalance"] = .string(opening.description) }
        if let closing = input.closingBalance { fields["closingBalance"] = .string(closing.description) }
        fields["transactions"] = .int(input.statement.table.rows.count)
        if input.statement.table.hasHeader { fields["rowOrder"] = .string(input.chain.order.rawValue) }
        let checked = input.accounts.filter { $0.method != .none }
        fields["arithmetic"] = .object([
            "method": .string(input.method.rawValue),
            "rows": .int(checked.map(\.table.rows.count).reduce(0, +)),
            "accounts": .int(checked.count),
        ])
        return fields
    }

    static func details(_ input: StatementInput) -> [String] {
        var lines: [String] = []
        if let period = input.statement.header.period { lines.append("Period: \(period.start) to \(period.end)") }
        let rows = input.statement.table.rows.count
        let method = input.method
        lines.append(
            method != .none
                ? "Transactions: \(rows), arithmetic checked (\(method.rawValue), \(input.accounts.filter { $0.method != .none }.count) of \(input.accounts.count) accounts)"
                : "Transactions: \(rows), arithmetic not checked (table not rebuilt with confidence)"
        )
        return lines
    }
}
