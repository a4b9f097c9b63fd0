internal import DocPDF

/// Which signature formats docverify verifies (`docs/sesame-report.md`, "Formats";
/// `docs/signature-checks.md`, check 2).
///
/// The detached CMS SubFilters and the legacy `adbe.pkcs7.sha1` (the CMS encapsulates the
/// SHA-1 digest of the signed bytes) and `adbe.x509.rsa_sha1` (a bare PKCS#1 value, the
/// certificates in `/Cert`) are verified: the legacy ones for integrity, intact at best
/// weak, since SHA-1 no longer proves anything. Document timestamps (`/SubFilter
/// /ETSI.RFC3161`) are verified as RFC 3161 tokens by ``TimeStampCheck``. Anything else —
/// an unknown handler, a `/DocTimeStamp` in another format — is *unsupported*
/// (`SIG_UNSUPPORTED`, warn): it cannot be checked here, which is neither "unsigned" nor
/// "forged".
enum SubFilterCheck {
    static let supported: Set<String> = [
        "adbe.pkcs7.detached", "ETSI.CAdES.detached", "adbe.pkcs7.sha1", "adbe.x509.rsa_sha1",
    ]
    static let documentTimestamp = "ETSI.RFC3161"

    /// A document timestamp rather than a signature: `/SubFilter /ETSI.RFC3161` (the
    /// SubFilter decides the format, whatever the `/Type`), or `/Type /DocTimeStamp`. It
    /// says when the covered bytes existed, not who wrote them, so it never counts as a
    /// signature (`SIG_MULTIPLE`, `SIG_MISSING`).
    static func isDocumentTimestamp(_ signature: PDFSignatureDictionary) -> Bool {
        signature.subFilter == documentTimestamp || signature.type == "DocTimeStamp"
    }

    /// `nil` when the signature's format is verified, else why not.
    static func unsupportedReason(_ signature: PDFSignatureDictionary) -> String? {
        if isDocumentTimestamp(signature) {
            guard signature.subFilter == documentTimestamp else {
                return "its /SubFilter \(signature.subFilter ?? "(none)") is not ETSI.RFC3161, the document timestamp format docverify verifies"
            }
            return nil
        }
        guard let subFilter = signature.subFilter else {
            return "it names no /SubFilter"
        }
        guard supported.contains(subFilter) else {
            return "its /SubFilter \(subFilter) is not one docverify verifies (adbe.pkcs7.detached, ETSI.CAdES.detached, adbe.pkcs7.sha1, adbe.x509.rsa_sha1)"
        }
        // /Filter only names the preferred handler (Adobe.PPKLite, or a vendor's); the
        // SubFilter alone decides the format, so any /Filter is accepted.
        return nil
    }
}
