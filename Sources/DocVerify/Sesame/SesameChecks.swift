internal import DocCrypto
internal import Foundation

/// The checks of a document that presents itself as a Sesame Credit report
/// (`docs/sesame-report.md`): the strict signature profile (from ``SignatureChecks``), the
/// fields read by label, and the policy.
///
/// The fields are read from the document's text; that is the signed text only when the
/// signature covers the whole file, and any other report already fails
/// (`SIG_NOT_WHOLE_FILE`, `SIG_MISSING`), so nothing unsigned can make it `pass`.
enum SesameChecks {
    static func run(_ context: AnalysisContext, signatures: SignatureOutcome) -> AnalysisResult {
        var result = signatures.result
        if signatures.signatureCount == 0 {
            result.findings.append(
                Finding(
                    .sigMissing,
                    "The document presents itself as a Sesame Credit report but carries no signature; an unsigned report proves nothing."
                )
            )
        }
        let report = SesameReport.read(pages: context.pages)
        let checks = SesamePolicyChecks(report: report, policy: context.policy, now: context.now)
        let policyFindings = checks.findings()
        result.findings += policyFindings
        result.fields = fields(report)
        result.details += details(report, policy: context.policy, now: context.now, proven: signatures.trustedWholeFile)
        result.summary = summary(report, signatures: signatures, policy: context.policy, findings: policyFindings, now: context.now)
        return result
    }

    /// The fields a verdict shows, personal data masked.
    static func fields(_ report: SesameReport) -> [String: FieldValue] {
        var fields: [String: FieldValue] = [:]
        if let id = report.reportId { fields["reportId"] = .string(id) }
        if let score = report.score {
            fields["score"] = .int(score)
            if let band = band(score) { fields["scoreBand"] = .string(band) }
        }
        if let issued = report.issuedAt { fields["issuedAt"] = .string(issued.description) }
        if let until = report.validUntil { fields["validUntil"] = .string(until.description) }
        if let scoreDate = report.scoreDate { fields["scoreDate"] = .string(scoreDate.description) }
        if let name = report.name { fields["name"] = .string(Masking.name(name)) }
        if let birth = report.dateOfBirth { fields["dateOfBirth"] = .string(Masking.birthDate(birth.day)) }
        if let id = report.idNumber { fields["idNumber"] = .string(Masking.identifier(id.printed)) }
        if let passport = report.passportNumber { fields["passportNumber"] = .string(Masking.passport(passport)) }
        if let rows = report.dailyAsset, !rows.isEmpty { fields["dailyAssetMonths"] = .int(rows.count) }
        return fields
    }

    /// Consumer score bands (not documented by Ant): 350–549 poor … 700–950 excellent.
    static func band(_ score: Int) -> String? {
        switch score {
        case 350..<550: "poor"
        case 550..<600: "fair"
        case 600..<650: "good"
        case 650..<700: "very good"
        case 700...950: "excellent"
        default: nil
        }
    }

    /// The clerk's lines: the score against the threshold and the report's age. Without a
    /// valid, trusted whole-file signature they are only what the document prints.
    static func details(_ report: SesameReport, policy: Policy, now: Date, proven: Bool = true) -> [String] {
        var lines: [String] = []
        if let score = report.score {
            let verdict = score >= policy.minimumScore ? "meets it" : "below it"
            let label = proven ? "Score" : "Score as printed (not proven by the issuer's signature)"
            lines.append("\(label): \(score) against the minimum \(policy.minimumScore) of policy \(policy.name) (\(verdict))")
        }
        if let issued = report.issuedAt {
            let age = SesamePolicyChecks.ageInDays(of: issued, at: now)
            let ageText = age < 0 ? "issued in the future" : "\(age) day\(age == 1 ? "" : "s") old"
            lines.append("Report age: \(ageText) (issued \(issued); maximum \(policy.maximumReportAgeDays) days)")
        }
        return lines
    }

    /// The sentence for a `pass` or `review` verdict (a `fail` names its own reasons).
    static func summary(
        _ report: SesameReport, signatures: SignatureOutcome, policy: Policy, findings: [Finding], now: Date
    ) -> String? {
        guard signatures.trustedWholeFile else { return nil }
        var parts: [String] = [signatures.usesTestAnchor ? "Signature valid and TEST issuer trusted" : "Signature valid and issuer trusted"]
        if let score = report.score {
            parts.append(
                score >= policy.minimumScore
                    ? "score \(score) meets the minimum \(policy.minimumScore) (\(policy.name))"
                    : "score \(score) is below the policy minimum \(policy.minimumScore) (\(policy.name)); ask for bank statements"
            )
        }
        if let issued = report.issuedAt, findings.contains(where: { $0.code == .reportStale }) {
            parts.append(
                "the report is \(SesamePolicyChecks.ageInDays(of: issued, at: now)) days old, more than the \(policy.maximumReportAgeDays) allowed"
            )
        }
        if findings.contains(where: { $0.code == .reportExpired }), let until = report.validUntil {
            parts.append("its validity ended on \(until.day)")
        }
        let others = findings.filter { $0.severity == .warn && ![.scoreBelowMinimum, .reportStale, .reportExpired].contains($0.code) }
        if let first = others.first { parts.append("a person must look: \(first.message)") }
        return parts.joined(separator: "; ") + "."
    }
}
