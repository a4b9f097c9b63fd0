internal import DocCrypto
internal import DocPDF
internal import Foundation

/// Runs the signature profile over every signature dictionary of a document and words
/// the findings for its kind (see ``SignatureOutcome``).
///
/// Each signature goes through, one file per concern: ``SubFilterCheck`` (format),
/// ``ByteRangeCheck`` (shape and gap), ``CoverageCheck`` (what the signed bytes cover),
/// ``CMSCheck`` (container, digest, signature value, algorithms) and ``TrustCheck``
/// (chain, validity, key usage, revocation, test anchors). A Sesame report additionally
/// needs exactly one signature (`SIG_MULTIPLE`); its absence (`SIG_MISSING`) is the
/// Sesame checks' finding, since only a claimed report must be signed.
enum SignatureChecks {
    static func run(_ context: AnalysisContext) -> SignatureOutcome {
        // Adobe's usage-rights signatures (and the copies later catalog rewrites make of
        // them) say nothing about the author: recorded, never judged (`verdict.md`).
        let usageRights = context.structure.signatures.filter(\.isUsageRights)
        let signatures = context.structure.signatures.filter { !$0.isUsageRights }
        let usageRightsFinding = usageRights.isEmpty ? nil : usageRightsRecord(usageRights)
        guard !signatures.isEmpty else {
            var outcome = SignatureOutcome()
            if let usageRightsFinding { outcome.result = AnalysisResult(findings: [usageRightsFinding]) }
            return outcome
        }
        let strict = context.kind == .sesameReport
        // Reviewed only when a signature is followed by later revisions (LTVCoverage).
        var revisions: RevisionAnalysis?
        let documentRevocation = DocumentRevocationData.read(context)
        var reports: [SignatureReport] = []
        var findings: [Finding] = usageRightsFinding.map { [$0] } ?? []
        for (offset, signature) in signatures.enumerated() {
            let report = evaluate(
                signature, index: offset + 1, context: context, revisions: &revisions, revocationData: documentRevocation
            )
            reports.append(report)
            let label = signatures.count > 1 ? "Signature \(offset + 1) of \(signatures.count) (object \(signature.objectNumber)): " : ""
            for finding in words(for: report, strict: strict, label: label) {
                // One TEST_ISSUER per document is enough, however many signatures rely on it.
                if finding.code == .testIssuer, findings.contains(where: { $0.code == .testIssuer }) { continue }
                findings.append(finding)
            }
        }
        // Document timestamps (PAdES-LTA archival timestamps) sign nothing of the author's.
        let authorSignatures = signatures.filter { $0.subFilter != "ETSI.RFC3161" && $0.type != "DocTimeStamp" }.count
        if strict && authorSignatures > 1 {
            findings.append(
                Finding(
                    .sigMultiple,
                    "The report carries \(authorSignatures) signature dictionaries; a genuine report carries exactly one.",
                    evidence: ["signatures": .int(authorSignatures)]
                )
            )
        }

        let primary = reports.count == 1 ? reports[0] : reports.first { $0.isIntact }
        var outcome = SignatureOutcome(signatureCount: signatures.count, reports: reports)
        outcome.trustedWholeFile = reports.count == 1 && reports[0].isValidTrustedWholeFile
        outcome.intactWholeFile = reports.count == 1 && reports[0].isIntact && reports[0].coversWholeFile
        outcome.anyBroken = reports.contains(where: \.isBroken)
        // The revisions an intact author signature signs over are the signer's own; a document
        // timestamp proves when, not who, so it makes nothing anyone's own.
        outcome.signedThroughRevision = reports.filter { $0.isIntact && $0.subFilter != "ETSI.RFC3161" }.compactMap(\.signedRevision).max()
        outcome.usesTestAnchor = reports.contains { $0.cms?.usesTestAnchor == true && $0.cms?.anchor != nil }
        outcome.signer = primary?.cms?.signer
        outcome.anchor = primary?.cms?.anchor
        outcome.signingTime = primary?.cms?.validationTime
        outcome.signingTimeSource = primary?.cms?.signingTimeSource

        if context.kind == .bankStatement {
            let statement = statementFinding(reports: reports, outcome: outcome)
            outcome.statementFinding = statement
            if let statement { findings.append(statement) }
        }
        outcome.result = AnalysisResult(findings: findings, details: details(outcome))
        return outcome
    }

    /// `SIG_USAGE_RIGHTS` (info): the file carries Adobe's usage-rights signature.
    static func usageRightsRecord(_ signatures: [PDFSignatureDictionary]) -> Finding {
        let objects = Array(Set(signatures.map(\.objectNumber))).sorted()
        return Finding(
            .sigUsageRights,
            "The file carries Adobe's usage-rights signature (/Perms /UR3, added by Reader extensions"
                + (signatures.count > 1 ? ", and \(signatures.count - 1) copies of it in later revisions" : "")
                + "): it enables features in Adobe Reader and says nothing about who wrote the document; it is not verified.",
            evidence: ["objects": .array(objects.map { .int($0) }), "dictionaries": .int(signatures.count)]
        )
    }

    /// All checks of one signature dictionary.
    static func evaluate(
        _ signature: PDFSignatureDictionary, index: Int, context: AnalysisContext, revisions: inout RevisionAnalysis?,
        revocationData: RevocationData = RevocationData()
    ) -> SignatureReport {
        var report = SignatureReport(
            index: index, objectNumber: signature.objectNumber, subFilter: signature.subFilter,
            unsupportedReason: SubFilterCheck.unsupportedReason(signature), byteRangeProblems: [],
            coverageDescription: nil, coversWholeFile: false, updatedAfterSigning: false, cms: nil
        )
        let fileLength = context.bytes.count
        let byteRange = ByteRangeCheck.check(signature, fileLength: fileLength, bytes: context.bytes)
        report.byteRangeProblems = byteRange.problems
        guard let ranges = byteRange.ranges else { return report }
        let coverage = CoverageCheck.coverage(of: ranges, structure: context.structure, fileLength: fileLength)
        report.coverageDescription = CoverageCheck.describe(coverage)
        switch coverage {
        case .wholeFile:
            report.coversWholeFile = true
            if !context.structure.revisions.isEmpty { report.signedRevision = context.structure.revisions.count - 1 }
        case .revision(let index, _, _):
            report.signedRevision = index
            if let count = LTVCoverage.validationDataRevisions(after: index, context: context, revisions: &revisions) {
                report.coversWholeFile = true
                report.validationDataRevisions = count
            } else {
                report.updatedAfterSigning = true
            }
        case .partial:
            break
        }
        // Only formats docverify understands go to the CMS verifier: anything else is
        // unsupported (cannot be checked here), never half-verified.
        if report.unsupportedReason == nil {
            report.cms = CMSCheck.verify(signature, ranges: ranges, context: context, revocationData: revocationData)
            if report.cms == nil {
                report.byteRangeProblems.append("/Contents is missing")
            }
        }
        return report
    }

    /// The findings of one signature, for a strict (Sesame) or general document.
    static func words(for report: SignatureReport, strict: Bool, label: String) -> [Finding] {
        var evidence: [String: FieldValue] = ["signature": .int(report.index), "object": .int(report.objectNumber)]
        if let subFilter = report.subFilter { evidence["subFilter"] = .string(subFilter) }
        var out: [Finding] = []
        if let reason = report.unsupportedReason {
            out.append(Finding(.sigUnsupported, sentence(label, "the signature cannot be checked here: \(reason)."), evidence: evidence))
        }
        if !report.byteRangeProblems.isEmpty {
            out.append(
                Finding(
                    .sigByteRangeInvalid,
                    sentence(label, "the signature's byte range is broken: ") + report.byteRangeProblems.joined(separator: "; ") + ".",
                    evidence: evidence
                )
            )
        }
        if let description = report.coverageDescription, !report.coversWholeFile {
            if strict {
                out.append(
                    Finding(.sigNotWholeFile, sentence(label, "the report was changed after signing: \(description)."), evidence: evidence)
                )
            } else if report.updatedAfterSigning {
                out.append(
                    Finding(
                        .sigUpdatedAfterSigning,
                        sentence(label, "\(description); a person must compare the signed revision with the final one."),
                        evidence: evidence
                    )
                )
            } else {
                out.append(
                    Finding(.sigByteRangeInvalid, sentence(label, "\(description): the signature signs no complete document state."), evidence: evidence)
                )
            }
        }
        if report.validationDataRevisions > 0 { out.append(LTVCoverage.finding(report, label: label, evidence: evidence)) }
        guard let cms = report.cms else { return out }
        if let signer = cms.signer {
            evidence["signer"] = .string(signer.displayName)
        }
        out += CMSCheck.findings(cms, label: label, evidence: evidence)
        out += TrustCheck.findings(cms, requireTrust: strict, label: label, evidence: evidence)
        if report.isIntact && cms.isValidAndTrusted && (report.coversWholeFile || !strict) {
            let signer = cms.signer.map { "\"\($0.displayName)\"" } ?? "the signer"
            let issuer = cms.anchor.map { "\"\(SignatureOutcome.shortName($0.subject))\"" } ?? "a trusted issuer"
            let scope = report.coversWholeFile ? "covers the whole file" : "covers its revision"
            out.append(
                Finding(
                    .sigValid,
                    sentence(label, "the signature by \(signer) is intact, \(scope) and chains to \(issuer) in the trust store."),
                    evidence: evidence
                )
            )
        }
        return out
    }

    /// `SIGNATURE_INVALID` or `SIGNED_BY_BANK` for a bank statement that carries signatures;
    /// `nil` when a signature cannot be checked here and none is broken (its
    /// `SIG_UNSUPPORTED` speaks for itself: neither broken nor proven).
    static func statementFinding(reports: [SignatureReport], outcome: SignatureOutcome) -> Finding? {
        if let broken = reports.first(where: \.isBroken) {
            return Finding(
                .signatureInvalid,
                "The statement's PDF signature (object \(broken.objectNumber)) is broken: the statement was altered after the bank produced it.",
                evidence: ["signature": .int(broken.index)]
            )
        }
        guard reports.allSatisfy(\.isIntact) else { return nil }
        let signer = outcome.signer.map { "\"\($0.displayName)\"" } ?? "an unnamed signer"
        let trust =
            outcome.anchor != nil
            ? "whose issuer is in the trust store" : "whose issuer is not in the trust store (the name is the signer's own claim)"
        let scope = reports.allSatisfy(\.coversWholeFile) ? "covering the whole file" : "followed by later revisions"
        return Finding(.signedByBank, "The statement carries an intact signature by \(signer), \(trust), \(scope).")
    }

    /// The clerk's lines: issuer, signer, signing time.
    static func details(_ outcome: SignatureOutcome) -> [String] {
        var lines: [String] = []
        if let anchor = outcome.anchor {
            lines.append(
                "Issuer: \(SignatureOutcome.shortName(anchor.subject)) (trust store \(anchor.fileName)\(anchor.isTest ? ", TEST anchor" : ""))"
            )
        } else if let issuer = outcome.issuerDisplayName {
            lines.append("Issuer: \(issuer) (not in the trust store)")
        }
        if let signer = outcome.signer {
            lines.append("Signer: \(signer.displayName) (certificate serial \(signer.serialNumber), \(signer.publicKey))")
        }
        if let time = outcome.signingTime {
            let source: String
            switch outcome.signingTimeSource {
            case .signedAttribute: source = "signingTime attribute, claimed by the signer"
            case .signatureDictionary: source = "/M of the signature dictionary, claimed by the signer"
            case .evaluationTime, nil: source = "no signing time in the signature; certificates checked at the evaluation time"
            }
            lines.append("Signed: \(Verdict.isoTimestamp(time)) (\(source))")
        }
        return lines
    }
}
