internal import CLibCrypto
internal import CDocVerifyShims

/// A SignerInfo's signature value checked without OpenSSL's CMS code, for the schemes that
/// code cannot verify (SM2 with its distinguishing ID, ECDSA values in the plain r||s
/// format): `EVP_DigestVerify` with the signer's key over exactly the bytes the CMS signs.
enum ManualSignature {
    /// Verifies `signature` over the concatenation of `chunks` with the signer's public key
    /// and the digest OpenSSL knows as `digestName` (`SHA256`, `SM3` …); `configure` may set
    /// parameters on the key context after the init (SM2's ID). `nil` when it holds, else
    /// what OpenSSL said.
    static func verify(
        signature: [UInt8], over chunks: [ArraySlice<UInt8>], certificate: X509Certificate, digestName: String,
        configure: (OpaquePointer) -> OpenSSLError? = { _ in nil }
    ) -> OpenSSLError? {
        guard let key = X509_get0_pubkey(certificate.pointer) else { return OpenSSLError.drain("X509_get0_pubkey") }
        guard let context = EVP_MD_CTX_new() else { return OpenSSLError.drain("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit_ex(context, &keyContext, digestName, nil, nil, key, nil) == 1, let keyContext else {
            return OpenSSLError.drain("EVP_DigestVerifyInit_ex(\(digestName))")
        }
        if let error = configure(keyContext) { return error }
        for chunk in chunks {
            let updated = chunk.withUnsafeBytes { EVP_DigestVerifyUpdate(context, $0.baseAddress, $0.count) }
            guard updated == 1 else { return OpenSSLError.drain("EVP_DigestVerifyUpdate") }
        }
        let verified = signature.withUnsafeBufferPointer { EVP_DigestVerifyFinal(context, $0.baseAddress, $0.count) }
        if verified == 1 {
            OpenSSLError.discard()
            return nil
        }
        return OpenSSLError.drain("EVP_DigestVerifyFinal(\(digestName))")
    }

    /// The signed attributes as the signature covers them (RFC 5652 §5.4): each attribute
    /// DER-encoded, sorted as DER orders a SET OF, under a SET tag. This is what OpenSSL's
    /// own CMS code signs and verifies (`CMS_Attributes_Verify`), so a BER-encoded container
    /// is verified over the DER of its attributes, as for RSA and ECDSA.
    static func signedAttributesDER(_ signerInfo: OpaquePointer) -> [UInt8]? {
        var encodings: [[UInt8]] = []
        for index in 0..<CMS_signed_get_attr_count(signerInfo) {
            guard let attribute = CMS_signed_get_attr(signerInfo, index) else { return nil }
            var out: UnsafeMutablePointer<UInt8>?
            let length = i2d_X509_ATTRIBUTE(attribute, &out)
            guard length > 0, let out else {
                OpenSSLError.discard()
                return nil
            }
            encodings.append(Array(UnsafeBufferPointer(start: out, count: Int(length))))
            CDocVerifyShims_OPENSSL_free(out)
        }
        // DER's SET OF order: by the encodings as octet strings, a shorter prefix first.
        encodings.sort { $0.lexicographicallyPrecedes($1) }
        return DERWriter.element(0x31, encodings.flatMap { $0 })
    }

    /// What a SignerInfo's signature value covers: the DER signed attributes, or the signed
    /// content itself when there are none. `nil` when the attributes cannot be re-encoded.
    static func signedMessage(
        _ signerInfo: OpaquePointer, content: [ArraySlice<UInt8>], hasSignedAttributes: Bool
    ) -> [ArraySlice<UInt8>]? {
        guard hasSignedAttributes else { return content }
        return signedAttributesDER(signerInfo).map { [$0[...]] }
    }
}
