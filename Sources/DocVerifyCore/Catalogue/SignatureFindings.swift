extension FindingCode {
    public static let sigValid = FindingCode("SIG_VALID")
    public static let sigMissing = FindingCode("SIG_MISSING")
    public static let sigByteRangeInvalid = FindingCode("SIG_BYTERANGE_INVALID")
    public static let sigNotWholeFile = FindingCode("SIG_NOT_WHOLE_FILE")
    public static let sigDigestMismatch = FindingCode("SIG_DIGEST_MISMATCH")
    public static let sigCryptoInvalid = FindingCode("SIG_CRYPTO_INVALID")
    public static let sigUntrusted = FindingCode("SIG_UNTRUSTED")
    public static let sigCertExpired = FindingCode("SIG_CERT_EXPIRED")
    public static let sigCertRevoked = FindingCode("SIG_CERT_REVOKED")
    public static let sigKeyUsage = FindingCode("SIG_KEY_USAGE")
    public static let sigWeakAlgorithm = FindingCode("SIG_WEAK_ALGORITHM")
    public static let sigMultiple = FindingCode("SIG_MULTIPLE")
    public static let sigUnsupported = FindingCode("SIG_UNSUPPORTED")
    public static let sigUpdatedAfterSigning = FindingCode("SIG_UPDATED_AFTER_SIGNING")
    public static let sigValidUntrustedIssuer = FindingCode("SIG_VALID_UNTRUSTED_ISSUER")
    public static let testIssuer = FindingCode("TEST_ISSUER")
    public static let signatureInvalid = FindingCode("SIGNATURE_INVALID")
    public static let signedByBank = FindingCode("SIGNED_BY_BANK")
    public static let sigRevocationUnknown = FindingCode("SIG_REVOCATION_UNKNOWN")
    public static let sigUsageRights = FindingCode("SIG_USAGE_RIGHTS")
    public static let sigSignerInfos = FindingCode("SIG_SIGNER_INFOS")
    public static let sigContentsTrailingData = FindingCode("SIG_CONTENTS_TRAILING_DATA")
    public static let sigDictionaryCopies = FindingCode("SIG_DICTIONARY_COPIES")
    public static let sigLTVUpdates = FindingCode("SIG_LTV_UPDATES")
    public static let sigRevocationData = FindingCode("SIG_REVOCATION_DATA")
    public static let sigLaterSignature = FindingCode("SIG_LATER_SIGNATURE")
    public static let trustStoreEmpty = FindingCode("TRUST_STORE_EMPTY")
    public static let sigNonstandardEncoding = FindingCode("SIG_NONSTANDARD_ENCODING")
}

extension FindingCatalogue {
    static let signatureEntries: [Entry] = {
        let family = "PDF signatures"
        return [
            Entry(
                .sigNonstandardEncoding, .warn, family: family,
                "The signature verifies over the signed bytes, but its value is encoded in a form its algorithm identifier does not name (plain r||s ECDSA under a DER OID); some validators refuse it.",
                action: "The content is as signed; if another tool is to check it too, ask the issuer for a standard signature."),
            Entry(
                .trustStoreEmpty, .error, family: family,
                "No trust anchors are installed, so a signed document cannot be judged: an installation fault, not a finding about the document.",
                action:
                    "Give the verdict to the administrator: install the issuers' anchors in the trust store (docs/sesame-report.md, \"Trust store\"), then verify the document again."
            ),
            Entry(
                .sigValid, .info, family: family,
                "The signature is intact, covers the whole file and chains to a trusted issuer.",
                action: "Nothing; the issuer's content is as signed."),
            Entry(
                .sigMissing, .fail, family: family,
                "The document says it is an issuer-signed report but carries no signature.",
                action: "Treat it as not issued by the issuer; ask the applicant to download the report again."),
            Entry(
                .sigByteRangeInvalid, .fail, family: family,
                "The signature's /ByteRange is malformed, or its gap is not exactly this signature's /Contents (signature wrapping).",
                action: "Treat the document as forged."),
            Entry(
                .sigNotWholeFile, .fail, family: family,
                "The signature does not cover the whole file: bytes or revisions were added after signing.",
                action: "Treat the document as changed after issue; ask for the original download."),
            Entry(
                .sigDigestMismatch, .fail, family: family,
                "The signed bytes' digest differs from the one the signature holds: the content was changed after signing.",
                action: "Treat the document as forged."),
            Entry(
                .sigCryptoInvalid, .fail, family: family,
                "The signature value does not verify, or the signature container (CMS) cannot be parsed.",
                action: "Treat the document as forged."),
            Entry(
                .sigUntrusted, .fail, family: family,
                "The signer certificate does not chain to an issuer in the trust store.",
                action: "Treat the document as not issued by a trusted issuer."),
            Entry(
                .sigCertExpired, .fail, family: family,
                "The signer certificate (or one above it) was not valid at the signing time.",
                action: "Treat the signature as invalid."),
            Entry(
                .sigCertRevoked, .fail, family: family,
                "The signer certificate is revoked by a CRL in the trust store.",
                action: "Treat the signature as invalid."),
            Entry(
                .sigKeyUsage, .fail, family: family,
                "The signer certificate is not allowed to sign documents (key usage lacks digitalSignature and nonRepudiation).",
                action: "Treat the signature as invalid."),
            Entry(
                .sigWeakAlgorithm, .warn, family: family,
                "The signature is intact, but its algorithm no longer proves it (SHA-1, MD5, RSA below 2048 bits, an unlisted curve): anyone could have made it.",
                action: "Do not rely on the signature; check the document another way (ask the issuer, or for a newer copy)."),
            Entry(
                .sigMultiple, .fail, family: family,
                "An issuer-signed report carries more than one signature.",
                action: "Treat the document as altered; genuine reports carry exactly one."),
            Entry(
                .sigUnsupported, .warn, family: family,
                "The signature uses a format or algorithm docverify does not implement: it cannot be checked here. It is neither treated as unsigned nor as forged.",
                action: "Check the signature with another validator before relying on the document."),
            Entry(
                .sigUpdatedAfterSigning, .warn, family: family,
                "An intact signature is followed by later revisions of the file.",
                action: "Compare the signed revision with the final one by hand."),
            Entry(
                .sigLTVUpdates, .info, family: family,
                "Revisions after the signature only add long-term validation data (a DSS with certificates, OCSP responses and CRLs, document timestamps): not a change after signing.",
                action: "Nothing; the signature still covers everything a reader sees."),
            Entry(
                .sigLaterSignature, .info, family: family,
                "Revisions after the signature only add later signatures (each intact, from a signer in the trust store, its widget over no page content) and long-term validation data: not a change after signing. Never for a Sesame report, which carries exactly one signature.",
                action: "Nothing; each later signature is reported on its own."),
            Entry(
                .sigRevocationData, .info, family: family,
                "Revocation was decided from CRLs or OCSP responses the document carries (in the signature or its DSS), each verified against the trust store first; items that could not be verified are listed as ignored.",
                action: "Nothing; a revoked certificate is reported separately (SIG_CERT_REVOKED)."),
            Entry(
                .sigValidUntrustedIssuer, .info, family: family,
                "A valid signature from an issuer outside the trust store: recorded, not trusted.",
                action: "Nothing; the signature proves nothing about the issuer."),
            Entry(
                .testIssuer, .info, family: family,
                "The signature relies on a TEST trust anchor (loaded because test keys were allowed).",
                action: "Never rely on this verdict for a real application."),
            Entry(
                .signatureInvalid, .fail, family: family,
                "A bank statement carries a PDF signature that is broken: it does not verify, its byte range or gap is wrong, or its format cannot be verified.",
                action: "Treat the statement as altered after the bank produced it."),
            Entry(
                .signedByBank, .info, family: family,
                "The statement carries an intact signature (whether its issuer is trusted and what it covers is in the message).",
                action: "Nothing; recorded with the signer's name."),
            Entry(
                .sigRevocationUnknown, .warn, family: family,
                "The trust store has a CRL for an issuer of the signer's path, but it cannot be relied on (expired, not yet valid, badly signed), so revocation is unknown.",
                action: "Ask the administrator to refresh the trust store's CRLs, then verify again."),
            Entry(
                .sigUsageRights, .info, family: family,
                "The file carries Adobe's usage-rights signature (/Perms /UR3, added by Reader extensions); it says nothing about the author and is not judged.",
                action: "Nothing; judge the document by its author's signature."),
            Entry(
                .sigSignerInfos, .info, family: family,
                "The signature's CMS holds several SignerInfos (a PDF signature normally has one); each was verified on its own, and the signature counts as intact only if all of them are.",
                action: "Nothing beyond the signature's other findings; the message says which SignerInfos verified."),
            Entry(
                .sigContentsTrailingData, .info, family: family,
                "Bytes other than zero padding follow the signature's CMS inside /Contents. They are outside the CMS and covered by no signature, so they change nothing the signature proves, but they can carry data.",
                action: "Nothing for the signature; the document's content is judged as signed."),
            Entry(
                .sigDictionaryCopies, .info, family: family,
                "A later revision rewrites a signature's object with an unchanged copy of its dictionary (same /ByteRange, /Contents and signer fields): the same signature, judged once, not a second or wrapped one.",
                action: "Nothing; the later revisions are judged on their own."),
        ]
    }()
}
