internal import DocCrypto
internal import DocPDF
internal import Foundation

/// `docs/sesame-report.md`, "CMS" and "Algorithms": the CMS container, the digest of the
/// signed bytes, the signature value and the algorithm allow-list, through
/// ``CMSVerifier`` (OpenSSL's libcrypto). Also runs the trust part of the verifier, whose
/// findings ``TrustCheck`` words.
enum CMSCheck {
    /// Verifies one signature over its ranges.
    /// `revocationData` is the document's own (its DSS, ``DocumentRevocationData``).
    static func verify(
        _ signature: PDFSignatureDictionary, ranges: ByteRangeCheck.Ranges, context: AnalysisContext,
        revocationData: RevocationData = RevocationData()
    ) -> CMSVerification? {
        guard let contents = signature.contents else { return nil }
        if signature.subFilter == "adbe.x509.rsa_sha1" {
            return CMSVerifier(trustStore: context.trustStore).verifyRSASHA1(
                contents: contents, certificates: signature.certificates,
                signedBytes: [context.bytes[ranges.first], context.bytes[ranges.second]],
                dictionarySigningTime: signature.signingTimeRaw.flatMap(PDFDate.parse), evaluationTime: context.now
            )
        }
        return CMSVerifier(trustStore: context.trustStore).verify(
            contents: contents,
            form: signature.subFilter == "adbe.pkcs7.sha1" ? .encapsulatedSHA1 : .detached,
            signedBytes: [context.bytes[ranges.first], context.bytes[ranges.second]],
            dictionarySigningTime: signature.signingTimeRaw.flatMap(PDFDate.parse),
            evaluationTime: context.now, revocationData: revocationData
        )
    }

    /// The findings for the integrity part of a verification (format, digest, signature
    /// value, algorithms), one per code.
    static func findings(_ verification: CMSVerification, label: String, evidence: [String: FieldValue]) -> [Finding] {
        var out: [Finding] = []
        func add(_ code: FindingCode, _ categories: [CMSFailure.Category], _ lead: String) {
            let failures = verification.failures.filter { categories.contains($0.category) }
            guard !failures.isEmpty else { return }
            let reasons = failures.map(\.description).joined(separator: "; ")
            out.append(Finding(code, sentence(label, "\(lead): \(reasons)."), evidence: evidence))
        }
        add(.sigDigestMismatch, [.digest], "the signed content was changed after signing")
        add(.sigCryptoInvalid, [.format, .signature], "the signature does not verify")
        // "Intact" only when it is: a forged value on a weak algorithm is weak as well, not intact.
        add(
            .sigWeakAlgorithm, [.weakAlgorithm],
            verification.isIntact
                ? "the signature is intact, but its algorithm no longer proves it" : "its algorithm would not prove it either"
        )
        add(.sigUnsupported, [.unsupported], "the signature cannot be checked here")
        add(.sigNonstandardEncoding, [.encoding], "the signature is intact, but its value is in a form its algorithm does not name")
        if verification.signerInfoCount > 1 {
            out.append(signerInfosRecord(verification, label: label, evidence: evidence))
        }
        if verification.bytesAfterCMS > 0 {
            var trailing = evidence
            trailing["bytesAfterCMS"] = .int(verification.bytesAfterCMS)
            out.append(
                Finding(
                    .sigContentsTrailingData,
                    sentence(
                        label,
                        "\(verification.bytesAfterCMS) bytes that are not zero padding follow the signature's CMS inside /Contents: they are outside the CMS and signed by nothing, so they change nothing the signature proves, but they can carry data."
                    ),
                    evidence: trailing
                )
            )
        }
        return out
    }

    /// `SIG_SIGNER_INFOS` (info): how many SignerInfos the CMS holds and which verified
    /// (a broken one is also reported under its own code, with its SignerInfo's number).
    static func signerInfosRecord(_ verification: CMSVerification, label: String, evidence: [String: FieldValue]) -> Finding {
        let count = verification.signerInfoCount
        let intact = verification.intactSignerInfos
        var parts: [String] = []
        if !verification.signerInfoCopies.isEmpty {
            parts.append("\(list(verification.signerInfoCopies)) repeating an earlier one byte for byte")
        }
        let verdict =
            intact.count == count
            ? "all verified"
            : intact.isEmpty
                ? "none verified" : "only \(list(intact)) verified, so the signature is not intact"
        var details = evidence
        details["signerInfos"] = .int(count)
        details["intactSignerInfos"] = .array(intact.map { .int($0) })
        let copies = parts.isEmpty ? "" : " (\(parts.joined()))"
        return Finding(
            .sigSignerInfos,
            sentence(label, "the signature's CMS holds \(count) SignerInfos\(copies), each verified on its own: \(verdict)."),
            evidence: details
        )
    }

    /// "SignerInfo 2" or "SignerInfos 1, 3".
    private static func list(_ indexes: [Int]) -> String {
        (indexes.count == 1 ? "SignerInfo " : "SignerInfos ") + indexes.map(String.init).joined(separator: ", ")
    }
}
