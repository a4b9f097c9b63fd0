internal import CLibCrypto
internal import CDocVerifyShims
internal import Foundation

/// SM2 with SM3 (GB/T 32918, GB/T 32905, GM/T 0009), the Chinese national signature
/// algorithms, checked by hand because OpenSSL 3.0's CMS code cannot pass the signer's
/// distinguishing ID: `CMS_verify` signs over Z computed with an empty ID, while every
/// GM/T signer uses `1234567812345678` (or an ID its issuer publishes).
///
/// What stays with ``CMSVerifier``: the container, the `messageDigest` against our own SM3
/// digest of the signed bytes, the signer certificate, key usage and the path. What is
/// done here: the signature value, with `EVP_DigestVerify` (SM3, the `distid` set on the
/// key context) over the DER of the signed attributes, or over the signed bytes themselves
/// when the SignerInfo has none (as some Chinese signing systems write it).
enum SM2 {
    /// The GM/T 0009 default distinguishing ID, used unless the issuer's anchor says otherwise.
    static let defaultID = Array("1234567812345678".utf8)
    /// GM/T 0009 writes the ID's length in bits in two bytes: 8191 bytes at most.
    static let maxIDLength = 8191

    /// GM/T 0010 SM2 cryptographic message syntax: signedData and data.
    static let oidGMSignedData = "1.2.156.10197.6.1.4.2.2"
    static let oidGMData = "1.2.156.10197.6.1.4.2.1"
    /// `NID_SM2_with_SM3`: the certificate signature algorithm of an SM2 CA.
    static let certificateSignatureOID = "1.2.156.10197.1.501"

    /// The ID to verify a signer's signature with: the one set by the sidecar of the anchor
    /// its path ends in, else the GM/T 0009 default.
    static func distinguishingID(for anchor: TrustStore.Anchor?) -> [UInt8] {
        anchor?.settings.sm2ID ?? defaultID
    }

    /// Verifies an SM2 signature over the concatenation of `chunks` with SM3 and `id`;
    /// `nil` when it holds, else what OpenSSL said.
    static func verify(
        signature: [UInt8], over chunks: [ArraySlice<UInt8>], certificate: X509Certificate, id: [UInt8]
    ) -> OpenSSLError? {
        ManualSignature.verify(signature: signature, over: chunks, certificate: certificate, digestName: "SM3") { keyContext in
            // Set after the init: OpenSSL 3.0's SM2 provider refuses the ID as an init parameter,
            // and computes Z (which the ID enters) on the first update.
            let idSet = id.withUnsafeBytes { EVP_PKEY_CTX_set1_id(keyContext, $0.baseAddress, Int32($0.count)) }
            return idSet == 1 ? nil : OpenSSLError.drain("EVP_PKEY_CTX_set1_id")
        }
    }

    /// A GM/T 0010 container as a CMS ContentInfo OpenSSL parses: the same ASN.1 as CMS
    /// SignedData, with the content type `1.2.156.10197.6.1.4.2.2` in place of
    /// `id-signedData`. Only the outer type is rewritten (the SignedData's bytes are kept
    /// as they are; the GM/T data OID inside is accepted by ``CMSVerifier``). `typeEnd` is
    /// the end of the outer content-type OID; the [0] content follows it.
    static func standardContainer(_ bytes: ArraySlice<UInt8>, typeEnd: Int) throws(DERError) -> [UInt8] {
        let contentEnd = try BERWalk.end(of: bytes, at: typeEnd)
        // 06 09 2A 86 48 86 F7 0D 01 07 02: id-signedData.
        let signedData: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02]
        let body = signedData + bytes[typeEnd..<contentEnd]
        return DERWriter.element(0x30, body)
    }

    /// Sets, on each SM2-signed certificate of `certificates` without an ID yet, the
    /// distinguishing ID its own signature is checked with by `X509_verify_cert`: the GM/T
    /// 0009 default (GM/T 0015 CAs sign certificates with it; OpenSSL 3.0 would otherwise
    /// use an empty ID and reject a GM/T chain), or, when only that verifies under an issuer
    /// found among `issuers`, OpenSSL 3.0's own empty default (a chain its CLI signed without
    /// `-sigopt distid:`). Either way the issuer's key signed the certificate; the ID only
    /// enters the hash. Call only on certificates no other thread uses yet (the trust
    /// store's while it loads, the certificates of one CMS).
    static func setCertificateIDs(_ certificates: [OpaquePointer], issuers: [OpaquePointer]) {
        for certificate in certificates where X509_get0_distinguishing_id(certificate) == nil {
            guard CMSVerifier.oidString(OBJ_nid2obj(X509_get_signature_nid(certificate))) == certificateSignatureOID else {
                continue
            }
            setCertificateID(certificate, defaultID)
            let keys = issuers.filter { X509_check_issued($0, certificate) == X509_V_OK }.compactMap { X509_get0_pubkey($0) }
            let verifies = { keys.contains { X509_verify(certificate, $0) == 1 } }
            if !keys.isEmpty && !verifies() {
                X509_set0_distinguishing_id(certificate, nil)
                // Neither: keep the standard ID, under which the path then fails.
                if !verifies() { setCertificateID(certificate, defaultID) }
            }
            OpenSSLError.discard()
        }
    }

    private static func setCertificateID(_ certificate: OpaquePointer, _ bytes: [UInt8]) {
        guard let id = ASN1_OCTET_STRING_new() else { return }
        let set = bytes.withUnsafeBufferPointer { ASN1_OCTET_STRING_set(id, $0.baseAddress, Int32($0.count)) }
        guard set == 1 else {
            ASN1_OCTET_STRING_free(id)
            OpenSSLError.discard()
            return
        }
        X509_set0_distinguishing_id(certificate, id)  // takes ownership, frees any previous one
    }
}

extension CMSVerifier {
    /// Step 6 for SM2: the signature value, over the DER signed attributes (or the signed
    /// content itself when there are none), with the signer's key and the distinguishing
    /// ID of the anchor its path ends in (checked after the path for that reason).
    func verifySM2Signature(
        _ signerInfo: OpaquePointer, signer: X509Certificate, content: [ArraySlice<UInt8>],
        hasSignedAttributes: Bool, into result: inout CMSVerification
    ) {
        guard let value = CMS_SignerInfo_get0_signature(signerInfo) else {
            result.failures.append(.malformed("the SignerInfo has no signature value"))
            return
        }
        let signature = X509Certificate.bytes(of: value)
        guard let message = ManualSignature.signedMessage(signerInfo, content: content, hasSignedAttributes: hasSignedAttributes)
        else {
            result.failures.append(.malformed("the signed attributes cannot be DER-encoded"))
            return
        }
        let id = SM2.distinguishingID(for: result.anchor)
        guard let error = SM2.verify(signature: signature, over: message, certificate: signer, id: id) else { return }
        if result.anchor == nil {
            // No anchor, so no sidecar: the signer may use an ID of its own. Not evidence of
            // forgery by itself (the untrusted path already fails the signature).
            result.failures.append(
                .unsupportedAlgorithm(
                    "the SM2 signature does not verify with the GM/T 0009 default ID, and without a trust anchor the signer's own ID is unknown"
                )
            )
        } else {
            let named = id == SM2.defaultID ? "the GM/T 0009 default ID" : "the trust store's ID for this issuer"
            result.failures.append(.signatureInvalid("SM2 with SM3 and \(named): \(error)"))
        }
    }
}
