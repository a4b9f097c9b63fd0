internal import Foundation

/// The bank-statement checks of `bank-statement.md`: content logic and means of
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
        if !input.arithmeticReadable {
            let reasons = statement.table.problems + (input.chain.unreadableReason.map { [$0] } ?? [])
            result.findings.append(
                Finding(
                    .rowsUnreadable,
                    "The transaction table could not be rebuilt with confidence (\(reasons.first ?? "unknown reason")); the balance, totals and funds checks stood aside.",
                    evidence: [
                        "reasons": .array(reasons.prefix(5).map { .string($0) }), "problems": .int(reasons.count),
                        "rows": .int(statement.table.rows.count),
                    ]
                )
            )
        }
        for check in checks { result.findings += check.run(input) }
        result.fields = fields(input)
        result.details = details(input)
        return result
    }

    /// A statement's signature, in the statement's words: a broken or partial signature is
    /// `SIGNATURE_INVALID`, a valid one covering the whole file `SIGNED_BY_BANK`. The
    /// signature engineer's findings are kept as they are.
    static func signatureResult(_ signatures: SignatureOutcome) -> AnalysisResult {
        var result = signatures.result
        // The signature checks word statements themselves (``SignatureOutcome/statementFinding``);
        // this mapping stands in only for an outcome that does not.
        let worded = signatures.statementFinding != nil
            || result.findings.contains { $0.code == .signatureInvalid || $0.code == .signedByBank }
        guard signatures.signatureCount > 0, !worded else { return result }
        let broken: Set<FindingCode> = [
            .sigByteRangeInvalid, .sigNotWholeFile, .sigDigestMismatch, .sigCryptoInvalid, .sigUpdatedAfterSigning,
            .sigCertExpired, .sigCertRevoked, .sigKeyUsage, .sigWeakAlgorithm,
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
            fields["accountNumber"] = .string(IdentifierChecks.mask(String(account)))
        }
        if let iban = header[.iban].flatMap({ IdentifierChecks.leadingIBAN($0.text) }) {
            fields["iban"] = .string(IdentifierChecks.mask(iban))
        }
        if let opening = input.chain.opening { fields["openingBalance"] = .string(opening.description) }
        if let closing = input.closingBalance { fields["closingBalance"] = .string(closing.description) }
        fields["transactions"] = .int(input.statement.table.rows.count)
        if input.statement.table.hasHeader { fields["rowOrder"] = .string(input.chain.order.rawValue) }
        return fields
    }

    static func details(_ input: StatementInput) -> [String] {
        var lines: [String] = []
        if let period = input.statement.header.period { lines.append("Period: \(period.start) to \(period.end)") }
        let rows = input.statement.table.rows.count
        lines.append(
            input.arithmeticReadable
                ? "Transactions: \(rows), balance chain checked (\(input.chain.order.rawValue))"
                : "Transactions: \(rows), table not rebuilt with confidence"
        )
        return lines
    }
}
