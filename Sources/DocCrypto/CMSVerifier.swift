internal import CLibCrypto
internal import CDocVerifyShims
public import Foundation

/// An owned `CMS_ContentInfo`.
final class CMSContentInfo {
    let pointer: OpaquePointer

    init(der: ArraySlice<UInt8>) throws(OpenSSLError) {
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            let parsed = d2i_CMS_ContentInfo(nil, &cursor, buffer.count)
            // OpenSSL must read exactly the bytes it was given, no fewer.
            if let parsed, let base = buffer.baseAddress, cursor != base + buffer.count {
                CMS_ContentInfo_free(parsed)
                return nil
            }
            return parsed
        }
        guard let parsed else { throw OpenSSLError.drain("d2i_CMS_ContentInfo") }
        self.pointer = parsed
    }

    deinit { CMS_ContentInfo_free(pointer) }
}

/// An owned `ASN1_OBJECT` made from a dotted OID (for attributes OpenSSL 3.0 has no NID for).
final class ASN1ObjectIdentifier {
    let pointer: OpaquePointer

    init(_ dotted: String) {
        guard let object = OBJ_txt2obj(dotted, 1) else { fatalError("OBJ_txt2obj(\(dotted)) failed") }
        self.pointer = object
    }

    deinit { ASN1_OBJECT_free(pointer) }
}

/// Verifies the CMS SignedData of a PDF signature (`adbe.pkcs7.detached`,
/// `ETSI.CAdES.detached`) over the bytes its `/ByteRange` names, then the signer's
/// certificate against the trust store.
///
/// What is checked, in order (every failure is recorded, none thrown):
/// 1. The `/Contents` bytes are one BER object (DER, or BER with indefinite lengths as
///    CMS allows), a ContentInfo of type SignedData (or a GM/T 0010 SM2 container, the same
///    ASN.1 under other OIDs: read as SignedData); bytes after it other than zero padding are
///    recorded (``CMSVerification/bytesAfterCMS``).
/// 2. Detached: no encapsulated content (an empty eContent counts as none), eContentType
///    id-data; at least one SignerInfo.
///    Several are each verified on their own, as if alone, and all must verify
///    (``verifyEachSignerInfo(_:bytesAfterCMS:form:signedBytes:dictionarySigningTime:evaluationTime:revocationData:provenTime:)``).
/// 3. Signed attributes present; `contentType` exactly once, single-valued, id-data;
///    `messageDigest` exactly once, single-valued, equal to the digest of the signed bytes
///    under the SignerInfo's digest algorithm.
/// 4. The signer certificate is found by the SignerInfo's identifier (issuer and serial
///    number, or subject key identifier, through `CMS_SignerInfo_cert_cmp`), among the
///    CMS's certificates and then the trust store's; never by name. Two different
///    matching certificates are refused.
/// 5. ESS `signingCertificate(V2)`, when present, names that certificate first (``ESSSigningCertificate``);
///    `CMSAlgorithmProtection`, when present, names the SignerInfo's algorithms.
/// 6. The signature over the DER signed attributes verifies: through OpenSSL's own
///    `CMS_verify` (`CMS_NO_SIGNER_CERT_VERIFY | CMS_DETACHED | CMS_BINARY`) over the
///    detached content, which also re-checks the digest; through `CMS_SignerInfo_verify`
///    when the digest already failed (so a changed document and a forged signature differ).
///    SM2 is checked by hand after step 9 (``verifySM2Signature``): its distinguishing ID
///    depends on the anchor, and OpenSSL 3.0's CMS code cannot pass one.
/// 7. The algorithms are on ``AlgorithmPolicy``'s allow-list.
/// 8. The signer's key usage, when the certificate has a keyUsage extension, allows
///    digitalSignature or nonRepudiation (without the extension the key is unrestricted,
///    RFC 5280 §4.2.1.3).
/// 9. The path to a trust anchor (``ChainValidator``), at the signing time: the time a
///    valid signature timestamp proves (``TimeStampVerifier``, the unsigned attribute
///    `id-aa-signatureTimeStampToken`), else the claimed `signingTime` attribute, else the
///    dictionary's `/M`, else the evaluation time; a time after the evaluation time is
///    replaced by the evaluation time. The path may run through the CMS's certificates and
///    the document's DSS `/Certs` (``RevocationData/certificates``), both untrusted candidates.
public struct CMSVerifier: Sendable {
    public let trustStore: TrustStore

    public init(trustStore: TrustStore) {
        self.trustStore = trustStore
    }

    static let oidSignedData = "1.2.840.113549.1.7.2"
    static let oidAlgorithmProtection = "1.2.840.113549.1.9.52"

    /// How the CMS binds the signed bytes.
    public enum Form: Sendable {
        /// `adbe.pkcs7.detached`, `ETSI.CAdES.detached`: the CMS signs the bytes themselves.
        case detached
        /// `adbe.pkcs7.sha1` (legacy): the CMS encapsulates the SHA-1 digest of the bytes as
        /// its eContent and signs that; the document is bound by SHA-1, so an intact
        /// signature is at best weak.
        case encapsulatedSHA1
    }

    /// Verifies `contents` (a signature dictionary's decoded `/Contents`) over the
    /// concatenation of `signedBytes` (the `/ByteRange` pieces, in order).
    public func verifyDetached(
        contents: [UInt8], signedBytes: [ArraySlice<UInt8>], dictionarySigningTime: Date?, evaluationTime: Date
    ) -> CMSVerification {
        verify(
            contents: contents, form: .detached, signedBytes: signedBytes,
            dictionarySigningTime: dictionarySigningTime, evaluationTime: evaluationTime
        )
    }

    /// Verifies `contents` in the given ``Form``. For ``Form/encapsulatedSHA1`` the CMS is
    /// verified over its own eContent (which must be id-data, 20 bytes), and that eContent
    /// must equal the SHA-1 digest of `signedBytes` (else `digestMismatch`).
    ///
    /// `revocationData` is what the document carries beside the signature (its DSS); the
    /// signature's own (adbe-revocationInfoArchival, the CMS `crls` field) is added here.
    /// `provenTime` is a signing time proven by a verified timestamp, when there is one: a
    /// revocation dated after it does not invalidate the signature.
    public func verify(
        contents: [UInt8], form: Form, signedBytes: [ArraySlice<UInt8>], dictionarySigningTime: Date?,
        evaluationTime: Date, revocationData: RevocationData = RevocationData(), provenTime: Date? = nil
    ) -> CMSVerification {
        var result = CMSVerification()
        // 1. One BER object (DER is BER), then zero padding only.
        var encoded: ArraySlice<UInt8>
        var isGMContainer = false
        do {
            let start = contents.startIndex
            let outer = try BERWalk.header(in: contents[...], at: start)
            guard outer.tag == 0x30 else {
                result.failures.append(.malformed("it does not start with a SEQUENCE"))
                return result
            }
            let end = try BERWalk.end(of: contents[...], at: start)
            // Bytes after the CMS object are outside it: covered by nothing, they change nothing
            // the signature proves. Recorded (SIG_CONTENTS_TRAILING_DATA), never silently dropped.
            if let last = contents[end...].lastIndex(where: { $0 != 0 }) {
                result.bytesAfterCMS = last + 1 - end
            }
            // The content type is the first child; an OBJECT IDENTIFIER is primitive, so definite.
            let childStart = start + outer.headerLength
            let childEnd = try BERWalk.end(of: contents[...], at: childStart)
            let first = try BERWalk.header(in: contents[...], at: childStart)
            let type = try DERReader.Element(
                tag: first.tag, encoded: contents[childStart..<childEnd],
                contents: contents[(childStart + first.headerLength)..<childEnd]
            ).objectIdentifier()
            switch type {
            case Self.oidSignedData:
                break
            case SM2.oidGMSignedData:
                isGMContainer = true
            default:
                result.failures.append(.notSignedData(type))
                return result
            }
            encoded = contents[start..<end]
            if isGMContainer { encoded = try SM2.standardContainer(encoded, typeEnd: childEnd)[...] }
        } catch {
            result.failures.append(.malformed(error.reason))
            return result
        }

        let cms: CMSContentInfo
        do {
            cms = try CMSContentInfo(der: encoded)
        } catch {
            result.failures.append(.malformed(error.description))
            return result
        }

        // 2. Detached id-data content; one signer (several: each verified alone, below).
        let eContentType = CMS_get0_eContentType(cms.pointer)
        if !Self.isData(eContentType, gm: isGMContainer) {
            result.failures.append(.encapsulatedContentType(Self.oidString(eContentType)))
        }
        // What the CMS itself signs: the detached bytes, or the encapsulated SHA-1 digest.
        var cmsContent = signedBytes
        let embedded = CMS_get0_content(cms.pointer).flatMap { $0.pointee }
        switch form {
        case .detached:
            // An eContent that is an empty OCTET STRING encapsulates nothing: some signers write
            // it instead of leaving the field out (Adobe and Foxit accept it, and OpenSSL's
            // CMS_verify takes the detached bytes over it). Any content in it is refused.
            if let embedded, ASN1_STRING_length(embedded) > 0 { result.failures.append(.embeddedContent) }
        case .encapsulatedSHA1:
            guard let embedded else {
                result.failures.append(
                    .malformed("an adbe.pkcs7.sha1 signature carries no encapsulated content (the SHA-1 digest of the signed bytes)")
                )
                return result
            }
            let eContent = X509Certificate.bytes(of: UnsafePointer(embedded))
            cmsContent = [eContent[...]]
            // The document's bytes are bound only through this comparison.
            let computed = Digest.hash(.sha1, chunks: signedBytes) ?? []
            if eContent != computed {
                result.failures.append(.digestMismatch(signed: eContent.hexString, computed: computed.hexString))
            }
        }
        let documentDigestFailures = result.failures.filter { $0.category == .digest }.count
        guard let signerInfos = CMS_get0_SignerInfos(cms.pointer) else {
            OpenSSLError.discard()
            result.failures.append(.signerCount(0))
            return result
        }
        let signerCount = CDocVerifyShims_sk_CMS_SignerInfo_num(signerInfos)
        if signerCount > 1 {
            // Each SignerInfo verified on its own (CMSVerifier+SignerInfos.swift).
            return verifyEachSignerInfo(
                cms, bytesAfterCMS: result.bytesAfterCMS, form: form, signedBytes: signedBytes,
                dictionarySigningTime: dictionarySigningTime, evaluationTime: evaluationTime,
                revocationData: revocationData, provenTime: provenTime
            )
        }
        guard signerCount == 1, let signerInfo = CDocVerifyShims_sk_CMS_SignerInfo_value(signerInfos, 0) else {
            result.failures.append(.signerCount(Int(max(signerCount, 0))))
            return result
        }

        // Algorithms named by the SignerInfo.
        let (digestAlgorithm, signatureAlgorithm, digestOID, digest, scheme) = Self.signerAlgorithms(signerInfo, into: &result)

        // 3. Signed attributes. ISO 32000 lets an adbe.pkcs7.detached signature carry none: its
        // signature value is then over the digest of the signed bytes themselves (checked in 6).
        let hasSignedAttributes = CMS_signed_get_attr_count(signerInfo) > 0
        var signedDigest: [UInt8]?
        if hasSignedAttributes {
            checkContentType(signerInfo, gm: isGMContainer, into: &result)
            signedDigest = messageDigest(signerInfo, into: &result)
            result.signedSigningTime = signingTime(signerInfo)
        } else {
            result.hasSignedAttributes = false
        }

        let computed = digest.flatMap { Digest.hash($0, chunks: cmsContent) }
        if digest == nil, let named = AlgorithmPolicy.misplacedInDigestField(digestOID) {
            // A signature algorithm where the digest algorithm belongs: the container is wrong,
            // not merely of a kind docverify does not check (DSS and pyHanko refuse it too).
            result.failures.append(.malformed("the digest algorithm field names \(named) (\(digestOID)), not a digest"))
        } else if digest == nil || computed == nil {
            result.failures.append(.unsupportedAlgorithm("digest algorithm \(digestOID) is not on the allow-list"))
        } else if let signedDigest, let computed, signedDigest != computed {
            result.failures.append(.digestMismatch(signed: signedDigest.hexString, computed: computed.hexString))
        }
        // Whether the CMS's own content digest failed (an adbe.pkcs7.sha1 eContent that is not
        // the document's digest is a changed document, and leaves the CMS itself checkable).
        let cmsDigestFailed = result.failures.filter { $0.category == .digest }.count > documentDigestFailures

        // 4. The signer certificate, by identifier.
        let certificates = X509Certificate.consume(stack: CMS_get1_certs(cms.pointer))
        // The document's DSS certificates: PAdES-LT writers put the signer's and the TSA's
        // issuers there rather than in the CMS. Untrusted path candidates like the CMS's own
        // (the anchor decides), never anchors, never the signer.
        let documentCertificates = revocationData.certificates.compactMap { try? X509Certificate.parse(der: $0) }
        let candidates = certificates + documentCertificates
        SM2.setCertificateIDs(candidates.map(\.pointer), issuers: candidates.map(\.pointer) + trustStore.certificates)
        result.signerIdentifiedBy = Self.identifierKind(signerInfo)
        guard let signer = findSigner(signerInfo, embedded: certificates, into: &result) else {
            return result
        }
        let summary = signer.summary
        result.signer = summary

        // 7. Algorithms (judged before the signature so an unsupported one is not tried).
        if case .other(let oid) = scheme, let named = AlgorithmPolicy.misplacedInSignatureField(oid) {
            result.failures.append(.malformed("the signature algorithm field names \(named) (\(oid)), not a signature algorithm"))
        }
        switch AlgorithmPolicy.judge(digest: digest, digestOID: digestOID, scheme: scheme, key: summary.publicKey) {
        case .allowed: break
        case .weak(let why): result.failures.append(.weakAlgorithm(why))
        case .unsupported(let why):
            if !result.has(.unsupported) { result.failures.append(.unsupportedAlgorithm(why)) }
        }
        if form == .encapsulatedSHA1 {
            result.failures.append(.weakAlgorithm("adbe.pkcs7.sha1 binds the document's bytes by their SHA-1 digest"))
        }

        // 5. Attributes that bind the signer and the algorithms.
        checkSigningCertificate(signerInfo, signer: signer, into: &result)
        checkAlgorithmProtection(signerInfo, digestOID: digestOID, signatureAlgorithm: signatureAlgorithm, into: &result)

        // 6. The signature value, unless the algorithm cannot be verified by OpenSSL's CMS code.
        // When the container and the digest are sound, OpenSSL's own CMS_verify checks the
        // digest again and the signature once (one public-key operation: ECDSA P-384 costs
        // milliseconds); otherwise CMS_SignerInfo_verify says whether the signature over
        // the attributes holds at all.
        let isSM2 = scheme == .sm2 || summary.publicKey == .sm2
        if !result.has(.unsupported) && !isSM2 {
            CMS_SignerInfo_set1_signer_cert(signerInfo, signer.pointer)
            if let plain = plainECDSAValue(signerInfo, scheme: scheme, key: summary.publicKey) {
                // r || s rather than DER (PlainECDSA.swift): OpenSSL's CMS code cannot read it.
                verifyPlainECDSA(
                    plain, signerInfo: signerInfo, signer: signer, scheme: scheme, digest: digest, content: cmsContent,
                    hasSignedAttributes: hasSignedAttributes, into: &result
                )
            } else if !result.has(.format) && !cmsDigestFailed && (signedDigest != nil || !hasSignedAttributes) {
                // digestAlgorithms is unsigned and advisory (CMSVerifier+DigestAlgorithms.swift).
                verifyWithCMSVerify(
                    Self.listingDigestAlgorithm(cms, digestAlgorithm), signer: signer,
                    detachedContent: form == .detached ? signedBytes : nil, into: &result
                )
            } else if CMS_SignerInfo_verify(signerInfo) != 1 {
                result.failures.append(.signatureInvalid(OpenSSLError.drain("CMS_SignerInfo_verify").description))
            }
        }

        // 8. Key usage.
        switch signerKeyUsage(signer) {
        case .some(let why): result.failures.append(.keyUsage(why))
        case .none: break
        }

        // 9. The certificate path, at the signing time: proven by a signature timestamp that
        // verifies (``TimeStampVerifier``), else the signer's claim.
        result.timestamps = TimeStampVerifier(trustStore: trustStore).signatureTimestamps(
            of: signerInfo, candidates: candidates, evaluationTime: evaluationTime
        )
        let claimed = result.provenSigningTime ?? result.signedSigningTime ?? dictionarySigningTime
        result.signingTimeSource =
            result.provenSigningTime != nil
            ? .timestamp
            : result.signedSigningTime != nil ? .signedAttribute : dictionarySigningTime != nil ? .signatureDictionary : .evaluationTime
        let validationTime = min(claimed ?? evaluationTime, evaluationTime)
        result.validationTime = validationTime
        ChainValidator(trustStore: trustStore).validate(
            signer: signer, candidates: candidates, at: validationTime, evaluationTime: evaluationTime,
            revocationData: signatureRevocationData(cms, signerInfo: signerInfo, encoded: encoded) + revocationData,
            provenTime: result.provenSigningTime ?? provenTime, into: &result
        )
        // 6 for SM2, now that the anchor (and so the distinguishing ID) is known.
        if isSM2 && !result.has(.unsupported) {
            verifySM2Signature(
                signerInfo, signer: signer, content: cmsContent, hasSignedAttributes: hasSignedAttributes, into: &result
            )
        }
        return result
    }

    /// The CRLs and OCSP responses the signature itself carries: the signed attribute
    /// adbe-revocationInfoArchival and the SignedData `crls` field.
    private func signatureRevocationData(
        _ cms: CMSContentInfo, signerInfo: OpaquePointer, encoded: ArraySlice<UInt8>
    ) -> RevocationData {
        var data = RevocationData()
        let archival = ASN1ObjectIdentifier(RevocationData.oidRevocationInfoArchival)
        if Self.attributeCount(signerInfo, object: archival.pointer) == 1,
            let raw = CMS_signed_get0_data_by_OBJ(signerInfo, archival.pointer, -3, V_ASN1_SEQUENCE)
        {
            data = data + RevocationData.fromArchival(X509Certificate.bytes(of: raw.assumingMemoryBound(to: ASN1_STRING.self)))
        }
        OpenSSLError.discard()
        if let stack = CMS_get1_crls(cms.pointer) {
            defer { CDocVerifyShims_sk_X509_CRL_pop_free(stack) }
            for index in 0..<CDocVerifyShims_sk_X509_CRL_num(stack) {
                guard let crl = CDocVerifyShims_sk_X509_CRL_value(stack, index) else { continue }
                var out: UnsafeMutablePointer<UInt8>?
                let length = i2d_X509_CRL(crl, &out)
                if length > 0, let out {
                    data.crls.append(.init(der: Array(UnsafeBufferPointer(start: out, count: Int(length))), source: .cmsRevocationField))
                    CDocVerifyShims_OPENSSL_free(out)
                }
            }
        }
        OpenSSLError.discard()
        data.ocspResponses += RevocationData.ocspFromRevocationField(cms: encoded)
        return data
    }

    // MARK: Signed attributes

    private func checkContentType(_ signerInfo: OpaquePointer, gm: Bool, into result: inout CMSVerification) {
        let count = Self.attributeCount(signerInfo, nid: NID_pkcs9_contentType)
        guard count == 1 else {
            result.failures.append(.contentTypeAttribute(count == 0 ? "is missing" : "appears \(count) times"))
            return
        }
        guard
            let raw = CMS_signed_get0_data_by_OBJ(signerInfo, OBJ_nid2obj(NID_pkcs9_contentType), -3, V_ASN1_OBJECT)
        else {
            OpenSSLError.discard()
            result.failures.append(.contentTypeAttribute("is not a single object identifier"))
            return
        }
        let object = OpaquePointer(raw)
        if !Self.isData(object, gm: gm) {
            result.failures.append(.contentTypeAttribute("is \(Self.oidString(object)), not id-data"))
        }
    }

    func messageDigest(_ signerInfo: OpaquePointer, into result: inout CMSVerification) -> [UInt8]? {
        let count = Self.attributeCount(signerInfo, nid: NID_pkcs9_messageDigest)
        guard count == 1 else {
            result.failures.append(.messageDigestAttribute(count == 0 ? "is missing" : "appears \(count) times"))
            return nil
        }
        guard
            let raw = CMS_signed_get0_data_by_OBJ(
                signerInfo, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING
            )
        else {
            OpenSSLError.discard()
            result.failures.append(.messageDigestAttribute("is not a single OCTET STRING"))
            return nil
        }
        return X509Certificate.bytes(of: raw.assumingMemoryBound(to: ASN1_STRING.self))
    }

    private func signingTime(_ signerInfo: OpaquePointer) -> Date? {
        guard Self.attributeCount(signerInfo, nid: NID_pkcs9_signingTime) == 1 else { return nil }
        for type in [V_ASN1_UTCTIME, V_ASN1_GENERALIZEDTIME] {
            if let raw = CMS_signed_get0_data_by_OBJ(signerInfo, OBJ_nid2obj(NID_pkcs9_signingTime), -3, type) {
                return X509Certificate.date(UnsafePointer(raw.assumingMemoryBound(to: ASN1_TIME.self)))
            }
            OpenSSLError.discard()
        }
        return nil
    }

    /// ESS signing-certificate (v1 or v2): when present, its first entry must be the signer
    /// (``ESSSigningCertificate``, the RFCs' rule; OpenSSL's own check is stricter than they are).
    /// Also used for timestamp tokens (``TimeStampVerifier``).
    func checkSigningCertificate(
        _ signerInfo: OpaquePointer, signer: X509Certificate, into result: inout CMSVerification
    ) {
        let attributes: [(ESSSigningCertificate.Version, Int32)] = [
            (.v1, NID_id_smime_aa_signingCertificate), (.v2, NID_id_smime_aa_signingCertificateV2),
        ]
        for (version, nid) in attributes {
            let count = Self.attributeCount(signerInfo, nid: nid)
            guard count > 0 else { continue }
            guard count == 1 else {
                result.failures.append(.signingCertificateAttribute("(\(version.rawValue)) appears more than once"))
                continue
            }
            // OpenSSL's re-encoding when it parses the value (BER allowed), else the value as
            // written, which ESSSigningCertificate reads with its own, more tolerant, parser.
            guard let raw = Self.sequenceAttribute(signerInfo, nid: nid) else {
                result.failures.append(.signingCertificateAttribute("(\(version.rawValue)) cannot be read"))
                continue
            }
            let der = ESSSigningCertificate.canonicalDER(raw, version: version) ?? raw
            do {
                if let why = try ESSSigningCertificate(der: der, version: version).mismatch(for: signer) {
                    result.failures.append(.signingCertificateAttribute(why))
                }
            } catch {
                result.failures.append(.signingCertificateAttribute("(\(version.rawValue)) cannot be parsed: \(error.reason)"))
            }
        }
    }

    /// `CMSAlgorithmProtection` (RFC 6211), when present: the same digest and signature algorithms.
    func checkAlgorithmProtection(
        _ signerInfo: OpaquePointer, digestOID: String, signatureAlgorithm: UnsafeMutablePointer<X509_ALGOR>?,
        into result: inout CMSVerification
    ) {
        let object = ASN1ObjectIdentifier(Self.oidAlgorithmProtection)
        let count = Self.attributeCount(signerInfo, object: object.pointer)
        guard count > 0 else { return }
        guard count == 1,
            let raw = CMS_signed_get0_data_by_OBJ(signerInfo, object.pointer, -3, V_ASN1_SEQUENCE)
        else {
            OpenSSLError.discard()
            result.failures.append(.algorithmProtection("appears more than once or has several values"))
            return
        }
        let der = X509Certificate.bytes(of: raw.assumingMemoryBound(to: ASN1_STRING.self))
        do {
            var reader = DERReader(der)
            let fields = try reader.read().children()
            guard let digestField = fields.first, digestField.tag == 0x30 else {
                result.failures.append(.algorithmProtection("has no digest algorithm"))
                return
            }
            let protectedDigest = try digestField.children().first?.objectIdentifier()
            // [1] IMPLICIT SignatureAlgorithmIdentifier: its first child is the OID.
            let protectedSignature = try fields.first { $0.tag == 0xA1 }?.children().first?.objectIdentifier()
            if protectedDigest != digestOID {
                result.failures.append(
                    .algorithmProtection("names digest \(protectedDigest ?? "?") but the signer used \(digestOID)")
                )
            }
            let signatureOID = Self.algorithmOID(signatureAlgorithm)
            if let protectedSignature, protectedSignature != signatureOID {
                result.failures.append(
                    .algorithmProtection("names signature algorithm \(protectedSignature) but the signer used \(signatureOID)")
                )
            }
        } catch {
            result.failures.append(.algorithmProtection("cannot be parsed: \(error.reason)"))
        }
    }

    // MARK: Signer

    func findSigner(
        _ signerInfo: OpaquePointer, embedded: [X509Certificate], into result: inout CMSVerification
    ) -> X509Certificate? {
        var matches = embedded.filter { CMS_SignerInfo_cert_cmp(signerInfo, $0.pointer) == 0 }
        if matches.isEmpty {
            // A pinned signer certificate may live only in the trust store.
            matches = trustStore.certificates.map { X509Certificate(retaining: $0) }
                .filter { CMS_SignerInfo_cert_cmp(signerInfo, $0.pointer) == 0 }
        }
        OpenSSLError.discard()
        guard let first = matches.first else {
            result.failures.append(
                .signerCertificate("no certificate in the signature or the trust store matches the signer's identifier")
            )
            return nil
        }
        var distinct: [X509Certificate] = []
        for match in matches where !distinct.contains(where: { $0.isSame(as: match) }) { distinct.append(match) }
        guard distinct.count > 1 else { return first }
        // Several certificates carry the signer's identifier (a certificate made to look like
        // another): only one whose key verifies the signature can be the signer.
        let verifying = distinct.filter { candidate in
            CMS_SignerInfo_set1_signer_cert(signerInfo, candidate.pointer)
            defer { OpenSSLError.discard() }
            return CMS_SignerInfo_verify(signerInfo) == 1
        }
        guard verifying.count == 1 else {
            result.failures.append(
                .signerCertificate("\(distinct.count) different certificates match the signer's identifier; the signer is ambiguous")
            )
            return nil
        }
        return verifying[0]
    }

    private static func identifierKind(_ signerInfo: OpaquePointer) -> CMSVerification.SignerIdentifier? {
        var keyIdentifier: UnsafeMutablePointer<ASN1_OCTET_STRING>?
        var issuer: OpaquePointer?
        var serial: UnsafeMutablePointer<ASN1_INTEGER>?
        guard CMS_SignerInfo_get0_signer_id(signerInfo, &keyIdentifier, &issuer, &serial) == 1 else {
            OpenSSLError.discard()
            return nil
        }
        return keyIdentifier != nil ? .subjectKeyIdentifier : .issuerAndSerialNumber
    }

    /// `nil` when the signer may sign documents, else why not. A certificate without a
    /// keyUsage extension may be used for any purpose (RFC 5280 §4.2.1.3: the extension is
    /// what restricts a key; pyHanko and OpenSSL's own purpose checks accept its absence).
    /// When it is present, it must name digitalSignature or nonRepudiation.
    func signerKeyUsage(_ signer: X509Certificate) -> String? {
        guard let usage = signer.keyUsage else { return nil }
        if usage & UInt32(KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION) == 0 {
            return "the signer certificate's key usage allows neither digitalSignature nor nonRepudiation"
        }
        return nil
    }

    /// OpenSSL's own verdict on the cryptography over the detached content
    /// (`CMS_NO_SIGNER_CERT_VERIFY | CMS_DETACHED | CMS_BINARY`): the messageDigest against
    /// the content, and the signature over the signed attributes with the signer chosen above.
    /// With `detachedContent` `nil`, OpenSSL verifies over the CMS's own encapsulated content.
    func verifyWithCMSVerify(
        _ cms: CMSContentInfo, signer: X509Certificate, detachedContent: [ArraySlice<UInt8>]?,
        into result: inout CMSVerification
    ) {
        let certificates = X509StackView([signer])
        let verified: Int32
        if let detachedContent {
            var content: [UInt8] = []
            content.reserveCapacity(detachedContent.reduce(0) { $0 + $1.count })
            for chunk in detachedContent { content += chunk }
            let flags = UInt32(CMS_NO_SIGNER_CERT_VERIFY | CMS_DETACHED | CMS_BINARY)
            verified = content.withUnsafeBytes { buffer -> Int32 in
                guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return -1 }
                defer { BIO_free(bio) }
                return CMS_verify(cms.pointer, certificates.pointer, nil, bio, nil, flags)
            }
        } else {
            let flags = UInt32(CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY)
            verified = CMS_verify(cms.pointer, certificates.pointer, nil, nil, nil, flags)
        }
        if verified != 1 {
            result.failures.append(.signatureInvalid("OpenSSL's CMS_verify does not accept it: \(OpenSSLError.drain("CMS_verify"))"))
        } else {
            OpenSSLError.discard()
        }
    }

    // MARK: Helpers

    static func attributeCount(_ signerInfo: OpaquePointer, nid: Int32) -> Int {
        var count = 0
        var position: Int32 = -1
        while true {
            position = CMS_signed_get_attr_by_NID(signerInfo, nid, position)
            if position < 0 { break }
            count += 1
        }
        return count
    }

    private static func attributeCount(_ signerInfo: OpaquePointer, object: OpaquePointer) -> Int {
        var count = 0
        var position: Int32 = -1
        while true {
            position = CMS_signed_get_attr_by_OBJ(signerInfo, object, position)
            if position < 0 { break }
            count += 1
        }
        return count
    }

    /// The DER of a single-valued SEQUENCE attribute.
    private static func sequenceAttribute(_ signerInfo: OpaquePointer, nid: Int32) -> [UInt8]? {
        guard let raw = CMS_signed_get0_data_by_OBJ(signerInfo, OBJ_nid2obj(nid), -3, V_ASN1_SEQUENCE) else {
            OpenSSLError.discard()
            return nil
        }
        return X509Certificate.bytes(of: raw.assumingMemoryBound(to: ASN1_STRING.self))
    }

    /// id-data, or in a GM/T 0010 container also its data type.
    private static func isData(_ object: OpaquePointer?, gm: Bool) -> Bool {
        OBJ_obj2nid(object) == NID_pkcs7_data || (gm && oidString(object) == SM2.oidGMData)
    }

    static func oidString(_ object: OpaquePointer?) -> String {
        guard let object else { return "none" }
        var buffer = [CChar](repeating: 0, count: 128)
        let length = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
        guard length > 0 else { return "unknown" }
        return String(decoding: buffer.prefix(min(Int(length), buffer.count - 1)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The digest and signature AlgorithmIdentifiers a SignerInfo names (borrowed), the
    /// digest's OID and algorithm, and the signature scheme; the last two are recorded in
    /// `result`. For PDF signatures and timestamp tokens alike.
    static func signerAlgorithms(
        _ signerInfo: OpaquePointer, into result: inout CMSVerification
    ) -> (
        digestAlgorithm: UnsafeMutablePointer<X509_ALGOR>?, signatureAlgorithm: UnsafeMutablePointer<X509_ALGOR>?,
        digestOID: String, digest: Digest.Algorithm?, scheme: SignatureScheme
    ) {
        var digestAlgorithm: UnsafeMutablePointer<X509_ALGOR>?
        var signatureAlgorithm: UnsafeMutablePointer<X509_ALGOR>?
        CMS_SignerInfo_get0_algs(signerInfo, nil, nil, &digestAlgorithm, &signatureAlgorithm)
        let digestOID = algorithmOID(digestAlgorithm)
        let digest = Digest.Algorithm(oid: digestOID)
        let scheme = signatureScheme(signatureAlgorithm)
        result.digestAlgorithm = digest
        result.signatureScheme = scheme
        return (digestAlgorithm, signatureAlgorithm, digestOID, digest, scheme)
    }

    static func algorithmOID(_ algorithm: UnsafeMutablePointer<X509_ALGOR>?) -> String {
        guard let algorithm else { return "none" }
        var object: OpaquePointer?
        X509_ALGOR_get0(&object, nil, nil, algorithm)
        return oidString(object)
    }

    /// The scheme and, for PSS, its parameters (read from the AlgorithmIdentifier's DER).
    static func signatureScheme(_ algorithm: UnsafeMutablePointer<X509_ALGOR>?) -> SignatureScheme {
        guard let algorithm else { return .other(oid: "none") }
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509_ALGOR(algorithm, &out)
        guard length > 0, let out else {
            OpenSSLError.discard()
            return .other(oid: algorithmOID(algorithm))
        }
        defer { CDocVerifyShims_OPENSSL_free(out) }
        let der = Array(UnsafeBufferPointer(start: out, count: Int(length)))
        do {
            var reader = DERReader(der)
            let fields = try reader.read().children()
            guard let oid = try fields.first?.objectIdentifier() else { return .other(oid: "none") }
            return SignatureScheme(oid: oid, parameters: fields.count > 1 ? fields[1].encoded : nil)
        } catch {
            return .other(oid: algorithmOID(algorithm))
        }
    }
}
