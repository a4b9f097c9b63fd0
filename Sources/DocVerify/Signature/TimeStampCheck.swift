internal import DocCrypto
internal import DocPDF
internal import Foundation

/// `docs/sesame-report.md`, "Timestamps": RFC 3161 tokens are verified,
/// not only read (``TimeStampVerifier``). A signature timestamp (an unsigned attribute of
/// the signer, verified with the CMS by ``CMSCheck``) must stamp the signature value; a
/// document timestamp (`/SubFilter /ETSI.RFC3161`) the bytes of its ByteRange, whose
/// shape ``ByteRangeCheck`` checks as a signature's.
///
/// Three outcomes, one code each: the token holds and its TSA is trusted for timestamps
/// (`SIG_TIMESTAMP_VALID`, info: a signature timestamp's time becomes the proven signing
/// time); it is broken or stamps other data (`SIG_TIMESTAMP_INVALID`, fail: evidence);
/// otherwise it cannot be relied on (`SIG_TIMESTAMP_UNTRUSTED`, warn: TSA outside the
/// trust store, no timeStamping usage, weak or unsupported algorithm; the time stays a claim).
enum TimeStampCheck {
    /// Verifies a document timestamp's token over its ranges; `nil` without `/Contents`.
    /// The certificates of the document's DSS (`revocationData`) may complete the TSA's path.
    static func verify(
        _ signature: PDFSignatureDictionary, ranges: ByteRangeCheck.Ranges, context: AnalysisContext,
        revocationData: RevocationData = RevocationData()
    ) -> TimeStampVerification? {
        guard let contents = signature.contents else { return nil }
        return TimeStampVerifier(trustStore: context.trustStore).verifyDocumentTimestamp(
            contents: contents, signedBytes: [context.bytes[ranges.first], context.bytes[ranges.second]],
            evaluationTime: context.now, documentCertificates: revocationData.certificates
        )
    }

    /// The findings of a document timestamp dictionary: its format, byte range, what it
    /// covers, and its token. Later revisions after it are not its finding (the revision
    /// checks and the signatures' coverage speak for them).
    static func words(for report: SignatureReport, label: String) -> [Finding] {
        var (evidence, out) = SignatureChecks.formatFindings(report, what: "document timestamp", label: label)
        if let description = report.coverageDescription, !report.coversWholeFile, !report.updatedAfterSigning {
            out.append(
                Finding(
                    .sigByteRangeInvalid, sentence(label, "\(description): the document timestamp covers no complete document state."),
                    evidence: evidence
                )
            )
        }
        if let timestamp = report.timestamp { out += findings(timestamp, label: label, evidence: evidence) }
        return out
    }

    /// The finding of one timestamp token (signature or document), plus `TEST_ISSUER` when
    /// a valid one relies on a test anchor.
    static func findings(_ timestamp: TimeStampVerification, label: String, evidence: [String: FieldValue]) -> [Finding] {
        var evidence = evidence
        let what = timestamp.kind == .signature ? "the signature timestamp" : "the document timestamp"
        let tsa = timestamp.tsa.map { "\"\($0.displayName)\"" } ?? "an unidentified time-stamping authority"
        if let name = timestamp.tsa?.displayName { evidence["tsa"] = .string(name) }
        if let info = timestamp.info {
            evidence["genTime"] = .string(Verdict.isoTimestamp(info.genTime))
            evidence["imprintAlgorithm"] = .string(info.hashAlgorithm?.rawValue ?? info.hashAlgorithmOID)
        }
        let time = timestamp.info.map { " of \(Verdict.isoTimestamp($0.genTime))" } ?? ""
        let reasons = timestamp.reasons.joined(separator: "; ")
        if timestamp.isBroken {
            var lead = "\(what)\(time) from \(tsa) is broken"
            if timestamp.failures.contains(where: { if case .imprintMismatch = $0 { true } else { false } }) {
                lead +=
                    timestamp.kind == .signature
                    ? " (it was made for another signature)" : " (the bytes it covers were changed after it was made)"
            }
            return [Finding(.sigTimestampInvalid, sentence(label, "\(lead): \(reasons)."), evidence: evidence)]
        }
        guard timestamp.isValid, let info = timestamp.info else {
            let consequence =
                timestamp.kind == .signature
                ? "the signing time stays the signer's claim" : "it proves nothing about when the covered bytes existed"
            let why = reasons.isEmpty ? "its time-stamping authority does not chain to the trust store" : reasons
            return [
                Finding(.sigTimestampUntrusted, sentence(label, "\(what)\(time) from \(tsa) cannot be relied on: \(why); \(consequence)."), evidence: evidence)
            ]
        }
        let anchor = timestamp.token.anchor.map { "\"\(SignatureOutcome.shortName($0.subject))\"" } ?? "an anchor"
        let proves =
            timestamp.kind == .signature
            ? "proves the signature existed at \(Verdict.isoTimestamp(info.genTime)); the signer's certificate is judged at that time"
            : "proves the bytes it covers existed at \(Verdict.isoTimestamp(info.genTime))"
        var out = [
            Finding(
                .sigTimestampValid, sentence(label, "\(what) from \(tsa), which chains to \(anchor) in the trust store, \(proves)."),
                evidence: evidence
            )
        ]
        if timestamp.token.usesTestAnchor, let test = timestamp.token.anchor {
            out.append(
                Finding(
                    .testIssuer,
                    sentence(label, "\(what) relies on the TEST anchor \(test.fileName): never rely on this verdict for a real application."),
                    evidence: evidence
                )
            )
        }
        return out
    }
}
