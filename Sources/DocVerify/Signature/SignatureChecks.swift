internal import DocCrypto
internal import DocPDF
internal import Foundation

/// Runs the signature profile over every signature dictionary of a document and words
/// the findings for its kind (see ``SignatureOutcome``).
///
/// Each signature goes through, one file per concern: ``SubFilterCheck`` (format),
/// ``ByteRangeCheck`` (shape and gap), ``CoverageCheck`` (what the signed bytes cover),
/// ``CMSCheck`` (container, digest, signature value, algorithms) and ``TrustCheck``
/// (chain, validity, key usage, revocation, test anchors), whose signature timestamps
/// ``TimeStampCheck`` words. A Sesame report additionally needs exactly one signature
/// (`SIG_MULTIPLE`); its absence (`SIG_MISSING`) is the Sesame checks' finding, since only
/// a claimed report must be signed. Document timestamps (`/SubFilter /ETSI.RFC3161`) go
/// through the same byte-range checks and ``TimeStampCheck``, and never count as signatures.
enum SignatureChecks {
    static func run(_ context: AnalysisContext) -> SignatureOutcome {
        // A later revision that rewrites a signature's object with its dictionary unchanged
        // holds the same signature, judged once (SignatureCopies.swift).
        let all = context.structure.signatures
        let originals = context.structure.signatureOriginals
        let distinct = all.indices.filter { originals[$0] == nil }
        // Adobe's usage-rights signatures (and the copies later catalog rewrites make of
        // them) say nothing about the author: recorded, never judged
        // (`docs/verdict.md`, "From findings to the verdict").
        let usageRights = all.indices.filter { all[originals[$0] ?? $0].isUsageRights }.map { all[$0] }
        let authoredIndexes = distinct.filter { !all[$0].isUsageRights }
        // A document timestamp says when the bytes existed, not who wrote them.
        let documentTimestamps = authoredIndexes.map { all[$0] }.filter(SubFilterCheck.isDocumentTimestamp)
        let signatureIndexes = authoredIndexes.filter { !SubFilterCheck.isDocumentTimestamp(all[$0]) }
        let signatures = signatureIndexes.map { all[$0] }
        let usageRightsFinding = usageRights.isEmpty ? nil : usageRightsRecord(usageRights)
        guard !signatures.isEmpty || !documentTimestamps.isEmpty else {
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
            reports.append(evaluate(signature, index: offset + 1, context: context, revisions: &revisions, revocationData: documentRevocation))
        }
        // Signatures followed only by later signers' revisions (LaterSignatureCoverage): never on a
        // report, which must carry exactly one signature.
        var laterSigners: [Int: [SignatureReport]] = [:]
        if !strict {
            for offset in reports.indices where reports[offset].updatedAfterSigning {
                guard
                    let later = LaterSignatureCoverage.laterSignatures(
                        after: reports[offset], among: reports, context: context, revisions: &revisions
                    )
                else { continue }
                reports[offset].updatedAfterSigning = false
                reports[offset].laterSignatures = later.map(\.index)
                laterSigners[offset] = later
            }
        }
        for (offset, signature) in signatures.enumerated() {
            let report = reports[offset]
            let label = signatures.count > 1 ? "Signature \(offset + 1) of \(signatures.count) (object \(signature.objectNumber)): " : ""
            let copies = all.indices.filter { originals[$0] == signatureIndexes[offset] }.map { all[$0] }
            var found = words(for: report, strict: strict, label: label) + (copies.isEmpty ? [] : [copiesRecord(copies, label: label)])
            if let later = laterSigners[offset] {
                let (evidence, _) = formatFindings(report, what: "signature", label: label)
                found.append(LaterSignatureCoverage.finding(report, later: later, label: label, evidence: evidence))
            }
            for finding in found {
                // One TEST_ISSUER per document is enough, however many signatures rely on it.
                if finding.code == .testIssuer, findings.contains(where: { $0.code == .testIssuer }) { continue }
                findings.append(finding)
            }
        }
        if strict && signatures.count > 1 {
            findings.append(
                Finding(
                    .sigMultiple,
                    "The report carries \(signatures.count) signature dictionaries; a genuine report carries exactly one.",
                    evidence: ["signatures": .int(signatures.count)]
                )
            )
        }

        var timestampReports: [SignatureReport] = []
        for (offset, timestamp) in documentTimestamps.enumerated() {
            let report = evaluate(
                timestamp, index: offset + 1, context: context, revisions: &revisions, revocationData: documentRevocation
            )
            timestampReports.append(report)
            let label =
                documentTimestamps.count > 1 ? "Document timestamp \(offset + 1) of \(documentTimestamps.count) (object \(timestamp.objectNumber)): " : ""
            for finding in TimeStampCheck.words(for: report, label: label) {
                if finding.code == .testIssuer, findings.contains(where: { $0.code == .testIssuer }) { continue }
                findings.append(finding)
            }
        }

        let primary = reports.count == 1 ? reports[0] : reports.first { $0.isIntact }
        var outcome = SignatureOutcome(signatureCount: signatures.count, reports: reports)
        outcome.timestampReports = timestampReports
        outcome.trustedWholeFile = reports.count == 1 && reports[0].isValidTrustedWholeFile
        outcome.intactWholeFile = reports.count == 1 && reports[0].isIntact && reports[0].coversWholeFile
        outcome.anyBroken = reports.contains(where: \.isBroken) || timestampReports.contains(where: \.isBroken)
        // The revisions an intact author signature signs over are the signer's own; a document
        // timestamp proves when, not who, so it makes nothing anyone's own (timestamps are
        // not among `reports`).
        outcome.signedThroughRevision = reports.filter(\.isIntact).compactMap(\.signedRevision).max()
        outcome.usesTestAnchor = reports.contains { $0.cms?.usesTestAnchor == true && $0.cms?.anchor != nil }
        outcome.signer = primary?.cms?.signer
        outcome.anchor = primary?.cms?.anchor
        outcome.signingTime = primary?.cms?.validationTime
        outcome.signingTimeSource = primary?.cms?.signingTimeSource
        outcome.signingTimestamp = primary?.cms?.provingTimestamp

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

    /// `SIG_DICTIONARY_COPIES` (info): later revisions rewrote the signature's object with
    /// its dictionary unchanged.
    static func copiesRecord(_ copies: [PDFSignatureDictionary], label: String) -> Finding {
        let revisions = copies.map { $0.revisionIndex + 1 }
        return Finding(
            .sigDictionaryCopies,
            sentence(
                label,
                "the signature's dictionary is written again unchanged (same /ByteRange, /Contents and signer fields) in revision\(revisions.count == 1 ? "" : "s") \(revisions.map(String.init).joined(separator: ", ")) of the file, where its object is rewritten: the same signature, judged once."
            ),
            evidence: ["object": .int(copies[0].objectNumber), "copies": .int(copies.count)]
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
        // Only formats docverify understands go to the CMS (or timestamp) verifier: anything
        // else is unsupported (cannot be checked here), never half-verified.
        if report.unsupportedReason == nil {
            if SubFilterCheck.isDocumentTimestamp(signature) {
                report.timestamp = TimeStampCheck.verify(signature, ranges: ranges, context: context, revocationData: revocationData)
            } else {
                report.cms = CMSCheck.verify(signature, ranges: ranges, context: context, revocationData: revocationData)
            }
            if report.cms == nil && report.timestamp == nil {
                report.byteRangeProblems.append("/Contents is missing")
            }
        }
        return report
    }

    /// What every signature dictionary is checked for first, a signature or a document
    /// timestamp alike (`what` names it, and keys its number in the evidence): a format that
    /// cannot be checked here and a broken byte range. Returns the evidence the dictionary's
    /// findings carry and these findings.
    static func formatFindings(_ report: SignatureReport, what: String, label: String) -> ([String: FieldValue], [Finding]) {
        let key = what == "signature" ? "signature" : "timestamp"
        var evidence: [String: FieldValue] = [key: .int(report.index), "object": .int(report.objectNumber)]
        if let subFilter = report.subFilter { evidence["subFilter"] = .string(subFilter) }
        var out: [Finding] = []
        if let reason = report.unsupportedReason {
            out.append(Finding(.sigUnsupported, sentence(label, "the \(what) cannot be checked here: \(reason)."), evidence: evidence))
        }
        if !report.byteRangeProblems.isEmpty {
            out.append(
                Finding(
                    .sigByteRangeInvalid,
                    sentence(label, "the \(what)'s byte range is broken: ") + report.byteRangeProblems.joined(separator: "; ") + ".",
                    evidence: evidence
                )
            )
        }
        return (evidence, out)
    }

    /// The findings of one signature, for a strict (Sesame) or general document.
    static func words(for report: SignatureReport, strict: Bool, label: String) -> [Finding] {
        var (evidence, out) = formatFindings(report, what: "signature", label: label)
        if let description = report.coverageDescription, !report.coversWholeFile, report.laterSignatures.isEmpty {
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
        for timestamp in cms.timestamps { out += TimeStampCheck.findings(timestamp, label: label, evidence: evidence) }
        if report.isIntact && cms.isValidAndTrusted && (report.coversWholeFile || !strict) {
            let signer = cms.signer.map { "\"\($0.displayName)\"" } ?? "the signer"
            let issuer = cms.anchor.map { "\"\(SignatureOutcome.shortName($0.subject))\"" } ?? "a trusted issuer"
            let scope =
                report.coversWholeFile
                ? "covers the whole file" : report.laterSignatures.isEmpty ? "covers its revision" : "covers its revision (later ones only add signatures)"
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
        // Document timestamps alone are no bank's signature (their own findings speak).
        guard !reports.isEmpty else { return nil }
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
        if let time = outcome.signingTime, outcome.signingTimeSource == .evaluationTime || outcome.signingTimeSource == nil {
            // Without a time in the signature the evaluation time (`--now`) is only the time the
            // certificates were checked at: shown as that, never as when it was signed.
            lines.append("Signed: time not stated in the signature (certificates checked at \(Verdict.isoTimestamp(time)), the evaluation time)")
        } else if let time = outcome.signingTime {
            let source: String
            switch outcome.signingTimeSource {
            case .timestamp:
                let tsa = outcome.signingTimestamp?.tsa.map { SignatureOutcome.shortName($0.subject) } ?? "a trusted authority"
                source = "proven by a timestamp from \(tsa)"
            case .signedAttribute: source = "signingTime attribute, claimed by the signer"
            case .signatureDictionary: source = "/M of the signature dictionary, claimed by the signer"
            case .evaluationTime, nil: source = "not stated"
            }
            lines.append("Signed: \(Verdict.isoTimestamp(time)) (\(source))")
        }
        for report in outcome.timestampReports {
            guard let timestamp = report.timestamp, let time = timestamp.provenTime, report.isIntact else { continue }
            let tsa = timestamp.tsa.map { SignatureOutcome.shortName($0.subject) } ?? "a trusted authority"
            let scope = report.coversWholeFile ? "the whole file" : "the file up to its revision \((report.signedRevision ?? 0) + 1)"
            lines.append("Timestamped: \(Verdict.isoTimestamp(time)) (document timestamp from \(tsa), covering \(scope))")
        }
        return lines
    }
}
