internal import DocPDF

/// Which signature formats docverify verifies (reference §9, check 2).
///
/// The detached CMS SubFilters and the legacy `adbe.pkcs7.sha1` (the CMS encapsulates the
/// SHA-1 digest of the signed bytes) and `adbe.x509.rsa_sha1` (a bare PKCS#1 value, the
/// certificates in `/Cert`) are verified: the legacy ones for integrity, intact at best
/// weak, since SHA-1 no longer proves anything. Anything else — document timestamps, an
/// unknown handler — is *unsupported* (`SIG_UNSUPPORTED`, warn): it
/// cannot be checked here, which is neither "unsigned" nor "forged".
enum SubFilterCheck {
    static let supported: Set<String> = [
        "adbe.pkcs7.detached", "ETSI.CAdES.detached", "adbe.pkcs7.sha1", "adbe.x509.rsa_sha1",
    ]

    /// `nil` when the signature's format is verified, else why not.
    static func unsupportedReason(_ signature: PDFSignatureDictionary) -> String? {
        if signature.type == "DocTimeStamp" {
            return "it is a document timestamp (/SubFilter \(signature.subFilter ?? "none")), which docverify does not verify"
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
