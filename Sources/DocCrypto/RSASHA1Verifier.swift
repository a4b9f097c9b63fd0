internal import CLibCrypto
public import Foundation

extension CMSVerifier {
    /// Verifies a legacy `adbe.x509.rsa_sha1` signature: `/Contents` is a DER OCTET STRING
    /// (then zero padding only) holding a PKCS#1 v1.5 signature over the SHA-1 digest of
    /// `signedBytes`, and `certificates` (the dictionary's `/Cert`) are DER certificates, the
    /// first the signer's. The result speaks the CMS verifier's language: an intact
    /// signature is always weak (SHA-1), never valid and trusted; the signer's key usage
    /// and path to a trust anchor are checked as for CMS, at the dictionary's `/M`.
    public func verifyRSASHA1(
        contents: [UInt8], certificates: [[UInt8]], signedBytes: [ArraySlice<UInt8>], dictionarySigningTime: Date?,
        evaluationTime: Date
    ) -> CMSVerification {
        var result = CMSVerification()
        result.hasSignedAttributes = false
        result.digestAlgorithm = .sha1
        result.signatureScheme = .rsaPKCS1(digest: .sha1)
        // 1. One DER OCTET STRING, then zero padding.
        let value: [UInt8]
        do {
            var reader = DERReader(contents)
            let element = try reader.read()
            guard element.tag == 0x04 else {
                result.failures.append(.malformed("the adbe.x509.rsa_sha1 value is not an OCTET STRING"))
                return result
            }
            let padding = contents[element.encoded.endIndex...]
            if let bad = padding.firstIndex(where: { $0 != 0 }) {
                result.failures.append(
                    .malformed("\(padding.endIndex - bad) bytes that are not zero padding follow the signature value")
                )
                return result
            }
            value = Array(element.contents)
        } catch {
            result.failures.append(.malformed(error.reason))
            return result
        }

        // 2. The certificates of /Cert, the first the signer's.
        var parsed: [X509Certificate] = []
        for der in certificates {
            do {
                parsed.append(try X509Certificate.parse(der: der))
            } catch {
                result.failures.append(.signerCertificate("a /Cert certificate cannot be parsed: \(error)"))
                return result
            }
        }
        guard let signer = parsed.first else {
            result.failures.append(.signerCertificate("the signature dictionary carries no /Cert (the signer certificate)"))
            return result
        }
        let summary = signer.summary
        result.signer = summary

        // 3. Algorithms: SHA-1 is weak; the key must be RSA.
        guard case .rsa = summary.publicKey else {
            result.failures.append(.unsupportedAlgorithm("adbe.x509.rsa_sha1 with a \(summary.publicKey) key"))
            return result
        }
        switch AlgorithmPolicy.judge(
            digest: .sha1, digestOID: "1.3.14.3.2.26", scheme: .rsaPKCS1(digest: .sha1), key: summary.publicKey
        ) {
        case .allowed: break
        case .weak(let why): result.failures.append(.weakAlgorithm(why))
        case .unsupported(let why): result.failures.append(.unsupportedAlgorithm(why))
        }

        // 4. The signature value: PKCS#1 v1.5, SHA-1, over the signed bytes.
        if !Self.verifyPKCS1SHA1(signer: signer, signature: value, signedBytes: signedBytes) {
            result.failures.append(
                .signatureInvalid("the PKCS#1 value does not verify over the signed bytes: \(OpenSSLError.drain("EVP_DigestVerify"))")
            )
        } else {
            OpenSSLError.discard()
        }

        // 5. Key usage, then the path at the claimed time.
        if let why = signerKeyUsage(signer) { result.failures.append(.keyUsage(why)) }
        result.signingTimeSource = dictionarySigningTime != nil ? .signatureDictionary : .evaluationTime
        let validationTime = min(dictionarySigningTime ?? evaluationTime, evaluationTime)
        result.validationTime = validationTime
        ChainValidator(trustStore: trustStore).validate(
            signer: signer, candidates: parsed, at: validationTime, evaluationTime: evaluationTime, into: &result
        )
        return result
    }

    private static func verifyPKCS1SHA1(signer: X509Certificate, signature: [UInt8], signedBytes: [ArraySlice<UInt8>]) -> Bool {
        guard let key = X509_get0_pubkey(signer.pointer), let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, EVP_sha1(), nil, key) == 1 else { return false }
        for chunk in signedBytes {
            let updated = chunk.withUnsafeBytes { buffer in
                EVP_DigestVerifyUpdate(context, buffer.baseAddress, buffer.count)
            }
            guard updated == 1 else { return false }
        }
        return signature.withUnsafeBufferPointer { buffer in
            EVP_DigestVerifyFinal(context, buffer.baseAddress, buffer.count)
        } == 1
    }
}
