internal import CLibCrypto
internal import CDocVerifyShims

/// `SignedData.digestAlgorithms` is outside every signature and only advises a one-pass
/// verifier which digests to start computing (RFC 5652 §5.1). OpenSSL's `CMS_verify`
/// nevertheless stops when it does not list a SignerInfo's digest ("no matching digest"),
/// as in pdf.js's `signed_verified.pdf` (SHA-1 listed, SHA-256 used). docverify computes
/// the digest itself (the SignerInfo's algorithm, against `messageDigest`), so such a
/// container is handed to `CMS_verify` with the SignerInfo's digest added to the set:
/// nothing signed changes, and every other check of `CMS_verify` still runs.
extension CMSVerifier {
    /// `cms` with `algorithm` (a SignerInfo's digest algorithm) in its `digestAlgorithms`,
    /// or `cms` itself when the set already lists it (or the container cannot be rewritten:
    /// `CMS_verify` then says what is wrong).
    static func listingDigestAlgorithm(_ cms: CMSContentInfo, _ algorithm: UnsafeMutablePointer<X509_ALGOR>?) -> CMSContentInfo {
        guard let algorithm else { return cms }
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509_ALGOR(algorithm, &out)
        guard length > 0, let out else {
            OpenSSLError.discard()
            return cms
        }
        let identifier = Array(UnsafeBufferPointer(start: out, count: Int(length)))
        CDocVerifyShims_OPENSSL_free(out)
        do {
            guard let der = try withDigestAlgorithm(cms.derBytes(), identifier) else { return cms }
            return try CMSContentInfo(der: der[...])
        } catch {
            OpenSSLError.discard()
            return cms
        }
    }

    /// The DER ContentInfo(SignedData) `der` with the AlgorithmIdentifier `identifier` added to
    /// its `digestAlgorithms` SET (kept in DER order); `nil` when an entry with its OID is there.
    static func withDigestAlgorithm(_ der: [UInt8], _ identifier: [UInt8]) throws(DERError) -> [UInt8]? {
        let parts = try SignedDataParts(der)
        let fields = parts.fields
        guard fields.count >= 2, fields[1].tag == 0x31 else { throw DERError("the SignedData has no digestAlgorithms SET") }
        var identifierReader = DERReader(identifier)
        let wanted = try identifierReader.read().children().first?.objectIdentifier()
        var entries = try fields[1].children().map { Array($0.encoded) }
        for entry in entries {
            var entryReader = DERReader(entry)
            if try entryReader.read().children().first?.objectIdentifier() == wanted { return nil }
        }
        entries.append(identifier)
        entries.sort { $0.lexicographicallyPrecedes($1) }
        let body = Array(fields[0].encoded) + DERWriter.element(0x31, entries.flatMap { $0 }) + fields.dropFirst(2).flatMap(\.encoded)
        return parts.contentInfo(signedDataBody: body)
    }
}
