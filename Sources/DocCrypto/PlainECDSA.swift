internal import CLibCrypto

/// ECDSA values in the plain format of BSI TR-03111 §5.2.1: `r || s`, each an unsigned
/// big-endian integer exactly as wide as the curve's order. CMS (RFC 5753) writes the DER
/// `ECDSA-Sig-Value` instead, the only form OpenSSL's CMS code verifies; a plain value is
/// the same signature written another way, so it is rewritten as that DER and verified with
/// ``ManualSignature``.
///
/// - Named by an `ecdsa-plain-*` signature OID (``SignatureScheme/ecdsaPlain(digest:)``, as
///   German eID and TeleSec signers write it; DSS validates it): verified like any ECDSA.
/// - A plain value under `id-ecPublicKey` or an `ecdsa-with-*` OID, which name the DER form:
///   validators disagree (Adobe accepts it; iText, pyHanko and poppler refuse it), so a value
///   that verifies is `unsupportedAlgorithm` (cannot be vouched for here, not forged), and one
///   that does not verify either way is `signatureInvalid`.
enum PlainECDSA {
    /// The DER `ECDSA-Sig-Value` of a plain value from a key whose order has `bits` bits;
    /// `nil` when the value is not exactly two such halves.
    static func derSignature(plain: [UInt8], keyBits: Int) -> [UInt8]? {
        let width = (keyBits + 7) / 8
        guard width > 0, plain.count == 2 * width else { return nil }
        return DERWriter.element(0x30, integer(plain[..<width]) + integer(plain[width...]))
    }

    /// An unsigned big-endian number as a DER INTEGER (minimal, with a leading zero where
    /// the high bit is set).
    static func integer(_ magnitude: ArraySlice<UInt8>) -> [UInt8] {
        var bytes = Array(magnitude.drop { $0 == 0 })
        if bytes.isEmpty || bytes[0] & 0x80 != 0 { bytes.insert(0, at: 0) }
        return DERWriter.element(0x02, bytes)
    }

    /// Whether `value` is a DER `ECDSA-Sig-Value`: one SEQUENCE of two INTEGERs, nothing after.
    static func isDERSignature(_ value: [UInt8]) -> Bool {
        var reader = DERReader(value)
        guard let sequence = try? reader.read(), reader.isAtEnd, sequence.tag == 0x30,
            let fields = try? sequence.children()
        else { return false }
        return fields.count == 2 && fields.allSatisfy { $0.tag == 0x02 }
    }
}

extension CMSVerifier {
    /// The SignerInfo's signature value when it is to be verified as plain ECDSA: always
    /// under an `ecdsa-plain-*` OID; under an ECDSA OID naming the DER form, only when the
    /// value is not DER and has the plain width of the signer's curve. `nil` otherwise
    /// (OpenSSL's CMS code verifies it).
    func plainECDSAValue(_ signerInfo: OpaquePointer, scheme: SignatureScheme, key: PublicKeyAlgorithm) -> [UInt8]? {
        guard case .ec(_, let bits) = key, let raw = CMS_SignerInfo_get0_signature(signerInfo) else { return nil }
        let value = X509Certificate.bytes(of: UnsafePointer(raw))
        switch scheme {
        case .ecdsaPlain: return value
        case .ecdsa:
            return !PlainECDSA.isDERSignature(value) && PlainECDSA.derSignature(plain: value, keyBits: bits) != nil ? value : nil
        default: return nil
        }
    }

    /// Step 6 for a plain ECDSA value (``PlainECDSA``): over the DER signed attributes, or
    /// the signed content itself when there are none.
    func verifyPlainECDSA(
        _ value: [UInt8], signerInfo: OpaquePointer, signer: X509Certificate, scheme: SignatureScheme,
        digest: Digest.Algorithm?, content: [ArraySlice<UInt8>], hasSignedAttributes: Bool, into result: inout CMSVerification
    ) {
        guard case .ec(let curve, let bits) = signer.summary.publicKey, let digest else { return }
        guard let der = PlainECDSA.derSignature(plain: value, keyBits: bits) else {
            result.failures.append(
                .signatureInvalid(
                    "the plain ECDSA value has \(value.count) bytes, not twice the \((bits + 7) / 8) of the signer's \(PublicKeyAlgorithm.curveDisplayName(curve)) key"
                )
            )
            return
        }
        guard let message = ManualSignature.signedMessage(signerInfo, content: content, hasSignedAttributes: hasSignedAttributes)
        else {
            result.failures.append(.malformed("the signed attributes cannot be DER-encoded"))
            return
        }
        if let error = ManualSignature.verify(signature: der, over: message, certificate: signer, digestName: digest.rawValue) {
            result.failures.append(.signatureInvalid("ECDSA (plain r||s) with \(digest.rawValue): \(error)"))
            return
        }
        // The value the signer's key made over these bytes: intact. Its form is not what its
        // algorithm identifier names, and validators disagree on it, so it is said.
        if case .ecdsa = scheme {
            result.failures.append(
                .nonstandardEncoding(
                    "the ECDSA value is in the plain r||s format (BSI TR-03111) under an algorithm that names the DER form; it verifies as plain r||s, but validators disagree on this form (Adobe accepts it, pyHanko and iText refuse it)"
                )
            )
        }
    }
}
