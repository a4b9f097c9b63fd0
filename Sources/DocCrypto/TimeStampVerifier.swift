internal import CLibCrypto
internal import CDocVerifyShims
public import Foundation

/// One reason an RFC 3161 timestamp token is not acceptable, beyond its own CMS (whose
/// reasons are ``CMSFailure``s in ``TimeStampVerification/token``).
public enum TimeStampFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The token is not a SignedData over a TSTInfo.
    case notTimeStampToken(String)
    /// The TSTInfo cannot be read.
    case tstInfo(String)
    /// The TSTInfo's messageImprint is not the digest of what it must stamp.
    case imprintMismatch(algorithm: String, stamped: String, computed: String)
    /// The imprint's hash algorithm is weak (SHA-1) or not one docverify computes.
    case imprintAlgorithm(CMSFailure)
    /// The TSA certificate may not sign timestamps (no extendedKeyUsage timeStamping).
    case timeStampingUsage(String)
    /// The token's genTime is after the evaluation time.
    case genTimeInFuture(String)

    /// Evidence that the token or what it stamps was changed or forged, as opposed to a
    /// token that merely cannot be relied on here (untrusted TSA, weak algorithm).
    public var isEvidence: Bool {
        switch self {
        case .notTimeStampToken, .tstInfo, .imprintMismatch: true
        case .imprintAlgorithm, .timeStampingUsage, .genTimeInFuture: false
        }
    }

    public var description: String {
        switch self {
        case .notTimeStampToken(let why): "it is not an RFC 3161 timestamp token: \(why)"
        case .tstInfo(let why): "its TSTInfo cannot be read: \(why)"
        case .imprintMismatch(let algorithm, let stamped, let computed):
            "it stamps the \(algorithm) digest \(stamped.prefix(16))…, but what it must stamp has the digest \(computed.prefix(16))…"
        case .imprintAlgorithm(let failure): "its message imprint: \(failure.description)"
        case .timeStampingUsage(let why), .genTimeInFuture(let why): why
        }
    }
}

/// What the verification of one RFC 3161 timestamp token found: a signature timestamp
/// (the unsigned attribute `id-aa-signatureTimeStampToken` of a SignerInfo, stamping the
/// signature value) or a document timestamp (`/SubFilter /ETSI.RFC3161`, stamping the
/// ByteRange bytes).
///
/// Three outcomes: ``isValid`` (the token holds and its TSA chains to a trust anchor with
/// the timeStamping usage: ``provenTime`` is the time it proves); ``isBroken`` (evidence:
/// the token's CMS or TSTInfo is broken, or it stamps other data); otherwise it cannot
/// be relied on (TSA outside the trust store, no timeStamping usage, weak or unsupported
/// algorithm), and the time it states stays unproven.
public struct TimeStampVerification: Sendable {
    public enum Kind: String, Sendable, Equatable {
        case signature
        case document
    }

    public var kind: Kind
    /// The token's own CMS: container, messageDigest over the TSTInfo, signature value,
    /// ESS signing-certificate, algorithms, and the TSA certificate's path at genTime
    /// (``CMSVerification/signer`` is the TSA certificate).
    public var token = CMSVerification()
    /// What is wrong with the timestamp beyond its CMS.
    public var failures: [TimeStampFailure] = []
    /// The TSTInfo, when it could be read.
    public var info: TSTInfo?

    public init(kind: Kind) {
        self.kind = kind
    }

    /// The TSA certificate, when identified.
    public var tsa: CertificateSummary? { token.signer }

    /// Evidence of a change or forgery: the token's CMS does not hold, its TSTInfo is
    /// unreadable, or it stamps other data than it must.
    public var isBroken: Bool {
        failures.contains(where: \.isEvidence) || token.failures.contains { [.format, .digest, .signature].contains($0.category) }
    }

    /// The token holds, stamps what it must, and its TSA is trusted for timestamps.
    public var isValid: Bool { failures.isEmpty && token.isValidAndTrusted }

    /// genTime, when the token is valid: the time it proves.
    public var provenTime: Date? { isValid ? info?.genTime : nil }

    /// Every reason, token and timestamp, in words. The token's signer is the TSA, so the
    /// CMS and path reasons' "the signer certificate" is named for what it is here.
    public var reasons: [String] {
        token.failures.map { $0.description.replacingOccurrences(of: "the signer certificate", with: "the TSA certificate") }
            + failures.map(\.description)
    }
}

/// Verifies RFC 3161 timestamp tokens (reference: RFC 3161 §2.4.2, RFC 5816, ETSI EN 319 142-1)
/// with the CMS machinery of ``CMSVerifier``, not OpenSSL's `TS_RESP_verify_token`: its
/// purpose check insists on a critical, sole timeStamping extended key usage, which real
/// TSAs do not all have.
///
/// What is checked, in order (every failure recorded, none thrown):
/// 1. One BER object (zero padding after it in a `/Contents`), a ContentInfo of type
///    SignedData whose eContentType is id-ct-TSTInfo with the TSTInfo encapsulated; exactly
///    one SignerInfo (the TSA's).
/// 2. Signed attributes: `contentType` id-ct-TSTInfo, `messageDigest` equal to the digest of
///    the TSTInfo; ESS `signingCertificate(V2)` and `CMSAlgorithmProtection` when present;
///    the signature over the attributes (`CMS_verify` over the encapsulated TSTInfo); the
///    algorithm allow-list (``AlgorithmPolicy``).
/// 3. The TSTInfo (``TSTInfo``), and its messageImprint against the digest, under the
///    imprint's algorithm, of what the token must stamp (the allow-list applies: a SHA-1
///    imprint is weak).
/// 4. The TSA certificate has the extendedKeyUsage timeStamping (RFC 3161 §2.3 wants it
///    critical and sole; as the validators people use, a non-critical one or one beside
///    others is accepted, an absent one refused) and, if it has keyUsage, digitalSignature
///    or nonRepudiation.
/// 5. The TSA's path to a trust anchor (``ChainValidator``) at genTime; genTime after the
///    evaluation time is not believed.
public struct TimeStampVerifier: Sendable {
    public let trustStore: TrustStore

    public init(trustStore: TrustStore) {
        self.trustStore = trustStore
    }

    /// Clock skew tolerated before a genTime counts as "after the evaluation time".
    static let clockSkew: TimeInterval = 5 * 60

    /// A document timestamp: `contents` is the dictionary's decoded `/Contents` (the token,
    /// zero padded), stamping the concatenation of `signedBytes` (the ByteRange pieces).
    /// `documentCertificates` (DER, the document's DSS `/Certs`) may complete the TSA's path:
    /// a token usually carries only the TSA's own certificate, and PAdES-LTA writers put its
    /// issuers in the DSS. They are untrusted candidates like the token's: the anchor decides.
    public func verifyDocumentTimestamp(
        contents: [UInt8], signedBytes: [ArraySlice<UInt8>], evaluationTime: Date, documentCertificates: [[UInt8]] = []
    ) -> TimeStampVerification {
        let candidates = documentCertificates.compactMap { try? X509Certificate.parse(der: $0) }
        return verify(token: contents[...], kind: .document, stamped: signedBytes, candidates: candidates, evaluationTime: evaluationTime)
    }

    /// A signature timestamp token (DER or BER) over `signatureValue`, the contents of a
    /// SignerInfo's signature OCTET STRING.
    public func verifySignatureTimestamp(
        token: [UInt8], signatureValue: [UInt8], evaluationTime: Date
    ) -> TimeStampVerification {
        verify(token: token[...], kind: .signature, stamped: [signatureValue[...]], candidates: [], evaluationTime: evaluationTime)
    }

    /// Every token in `signerInfo`'s `id-aa-signatureTimeStampToken` unsigned attributes,
    /// each verified over the SignerInfo's signature value; empty when it has none.
    /// `candidates` (the signature's own certificates) may complete a TSA's path.
    func signatureTimestamps(
        of signerInfo: OpaquePointer, candidates: [X509Certificate], evaluationTime: Date
    ) -> [TimeStampVerification] {
        var tokens: [[UInt8]] = []
        var position: Int32 = -1
        while true {
            position = CMS_unsigned_get_attr_by_NID(signerInfo, NID_id_smime_aa_timeStampToken, position)
            guard position >= 0 else { break }
            guard let attribute = CMS_unsigned_get_attr(signerInfo, position) else { continue }
            for index in 0..<max(X509_ATTRIBUTE_count(attribute), 0) {
                // A value that is not a SEQUENCE becomes an empty token, refused as malformed.
                let value = X509_ATTRIBUTE_get0_data(attribute, index, V_ASN1_SEQUENCE, nil)
                tokens.append(value.map { X509Certificate.bytes(of: $0.assumingMemoryBound(to: ASN1_STRING.self)) } ?? [])
            }
        }
        OpenSSLError.discard()
        guard !tokens.isEmpty else { return [] }
        let signatureValue = CMS_SignerInfo_get0_signature(signerInfo).map { X509Certificate.bytes(of: $0) } ?? []
        return tokens.map {
            verify(token: $0[...], kind: .signature, stamped: [signatureValue[...]], candidates: candidates, evaluationTime: evaluationTime)
        }
    }

    // MARK: The token

    private func verify(
        token bytes: ArraySlice<UInt8>, kind: TimeStampVerification.Kind, stamped: [ArraySlice<UInt8>],
        candidates: [X509Certificate], evaluationTime: Date
    ) -> TimeStampVerification {
        var result = TimeStampVerification(kind: kind)
        // 1. One BER object; in a /Contents, zero padding after it.
        let encoded: ArraySlice<UInt8>
        do {
            let (object, rest) = try BERWalk.leadingSequence(in: bytes)
            if let bad = rest.firstIndex(where: { $0 != 0 }) {
                result.token.failures.append(.malformed("\(rest.endIndex - bad) bytes that are not zero padding follow the token"))
                return result
            }
            encoded = object
        } catch {
            result.token.failures.append(.malformed(error.reason))
            return result
        }
        let cms: CMSContentInfo
        do {
            cms = try CMSContentInfo(der: encoded)
        } catch {
            result.token.failures.append(.malformed(error.description))
            return result
        }
        guard OBJ_obj2nid(CMS_get0_type(cms.pointer)) == NID_pkcs7_signed else {
            result.failures.append(.notTimeStampToken("its content type is \(CMSVerifier.oidString(CMS_get0_type(cms.pointer))), not SignedData"))
            return result
        }
        let eContentType = CMS_get0_eContentType(cms.pointer)
        guard OBJ_obj2nid(eContentType) == NID_id_smime_ct_TSTInfo else {
            result.failures.append(.notTimeStampToken("it signs \(CMSVerifier.oidString(eContentType)), not id-ct-TSTInfo"))
            return result
        }
        guard let embedded = CMS_get0_content(cms.pointer).flatMap({ $0.pointee }) else {
            result.failures.append(.notTimeStampToken("it carries no TSTInfo"))
            return result
        }
        let tstInfo = X509Certificate.bytes(of: UnsafePointer(embedded))
        guard let signerInfos = CMS_get0_SignerInfos(cms.pointer),
            CDocVerifyShims_sk_CMS_SignerInfo_num(signerInfos) == 1,
            let signerInfo = CDocVerifyShims_sk_CMS_SignerInfo_value(signerInfos, 0)
        else {
            OpenSSLError.discard()
            let count = CMS_get0_SignerInfos(cms.pointer).map { Int(CDocVerifyShims_sk_CMS_SignerInfo_num($0)) } ?? 0
            result.token.failures.append(.signerCount(max(count, 0)))
            return result
        }

        // 3 first: the TSTInfo and the imprint say what the token is about, whatever its signature.
        checkTSTInfo(tstInfo, stamped: stamped, evaluationTime: evaluationTime, into: &result)
        // 2. The TSA's signature over the TSTInfo.
        let (tsa, certificates) = checkSignature(cms, signerInfo: signerInfo, tstInfo: tstInfo, candidates: candidates, into: &result.token)
        guard let tsa else { return result }
        // 4. The TSA may sign timestamps.
        if let why = Self.timeStampingUsageProblem(tsa) { result.failures.append(.timeStampingUsage(why)) }
        // 5. Its path, at the time it claims.
        let at = min(result.info?.genTime ?? evaluationTime, evaluationTime)
        ChainValidator(trustStore: trustStore).validate(
            signer: tsa, candidates: certificates + candidates, at: at, evaluationTime: evaluationTime, purpose: .tsa, into: &result.token
        )
        result.token.validationTime = at
        return result
    }

    /// The token's SignerInfo: attributes, signer, algorithms, signature value. Returns the
    /// TSA certificate (when identified) and the token's certificates.
    private func checkSignature(
        _ cms: CMSContentInfo, signerInfo: OpaquePointer, tstInfo: [UInt8], candidates: [X509Certificate],
        into token: inout CMSVerification
    ) -> (X509Certificate?, [X509Certificate]) {
        let verifier = CMSVerifier(trustStore: trustStore)
        let (_, signatureAlgorithm, digestOID, digest, scheme) = CMSVerifier.signerAlgorithms(signerInfo, into: &token)

        // RFC 3161 §2.4.2 / RFC 5652 §5.3: the TSA signs attributes, contentType id-ct-TSTInfo.
        var signedDigest: [UInt8]?
        if CMS_signed_get_attr_count(signerInfo) > 0 {
            checkContentType(signerInfo, into: &token)
            signedDigest = verifier.messageDigest(signerInfo, into: &token)
        } else {
            token.hasSignedAttributes = false
            token.failures.append(.signedAttributesMissing)
        }
        if let digest, let signedDigest, let computed = Digest.hash(digest, tstInfo), signedDigest != computed {
            token.failures.append(.digestMismatch(signed: signedDigest.hexString, computed: computed.hexString))
        }

        let certificates = X509Certificate.consume(stack: CMS_get1_certs(cms.pointer))
        guard let tsa = verifier.findSigner(signerInfo, embedded: certificates + candidates, into: &token) else {
            return (nil, certificates)
        }
        token.signer = tsa.summary
        switch AlgorithmPolicy.judge(digest: digest, digestOID: digestOID, scheme: scheme, key: tsa.publicKeyAlgorithm) {
        case .allowed: break
        case .weak(let why): token.failures.append(.weakAlgorithm(why))
        case .unsupported(let why): token.failures.append(.unsupportedAlgorithm(why))
        }
        // OpenSSL's CMS code cannot verify SM2 (it cannot pass the distinguishing ID), and the
        // hand-made SM2 path of document signatures is not wired for tokens: cannot be checked
        // here, whatever the allow-list says of SM2 signatures, never "broken".
        if !token.has(.unsupported), tsa.publicKeyAlgorithm == .sm2 || scheme == .sm2 || digest == .sm3 {
            token.failures.append(.unsupportedAlgorithm("SM2/SM3 timestamp tokens are not verified yet"))
        }
        verifier.checkSigningCertificate(signerInfo, signer: tsa, into: &token)
        verifier.checkAlgorithmProtection(signerInfo, digestOID: digestOID, signatureAlgorithm: signatureAlgorithm, into: &token)
        if !token.has(.unsupported) {
            CMS_SignerInfo_set1_signer_cert(signerInfo, tsa.pointer)
            if !token.has(.format) && !token.has(.digest) {
                verifier.verifyWithCMSVerify(cms, signer: tsa, detachedContent: nil, into: &token)
            } else if token.hasSignedAttributes, CMS_SignerInfo_verify(signerInfo) != 1 {
                token.failures.append(.signatureInvalid(OpenSSLError.drain("CMS_SignerInfo_verify").description))
            }
        }
        return (tsa, certificates)
    }

    /// `contentType` exactly once, single-valued, id-ct-TSTInfo.
    private func checkContentType(_ signerInfo: OpaquePointer, into token: inout CMSVerification) {
        let count = CMSVerifier.attributeCount(signerInfo, nid: NID_pkcs9_contentType)
        guard count == 1 else {
            token.failures.append(.contentTypeAttribute(count == 0 ? "is missing" : "appears \(count) times"))
            return
        }
        guard let raw = CMS_signed_get0_data_by_OBJ(signerInfo, OBJ_nid2obj(NID_pkcs9_contentType), -3, V_ASN1_OBJECT) else {
            OpenSSLError.discard()
            token.failures.append(.contentTypeAttribute("is not a single object identifier"))
            return
        }
        if OBJ_obj2nid(OpaquePointer(raw)) != NID_id_smime_ct_TSTInfo {
            token.failures.append(.contentTypeAttribute("is \(CMSVerifier.oidString(OpaquePointer(raw))), not id-ct-TSTInfo"))
        }
    }

    /// The TSTInfo, its imprint against what it must stamp, and its time.
    private func checkTSTInfo(
        _ der: [UInt8], stamped: [ArraySlice<UInt8>], evaluationTime: Date, into result: inout TimeStampVerification
    ) {
        let info: TSTInfo
        do {
            info = try TSTInfo.parse(der[...])
        } catch {
            result.failures.append(.tstInfo(error.reason))
            return
        }
        result.info = info
        if let why = Self.imprintProblem(info, stamped: stamped) { result.failures.append(why) }
        if info.genTime.timeIntervalSince(evaluationTime) > Self.clockSkew {
            result.failures.append(
                .genTimeInFuture("its time \(Self.iso(info.genTime)) is after the evaluation time \(Self.iso(evaluationTime))")
            )
        }
    }

    /// The imprint against the digest of `stamped`: `nil` when it matches under an allowed
    /// algorithm. A mismatch is reported even under a weak algorithm (the token stamps
    /// something else, whatever its strength).
    static func imprintProblem(_ info: TSTInfo, stamped: [ArraySlice<UInt8>]) -> TimeStampFailure? {
        guard let algorithm = info.hashAlgorithm, let computed = Digest.hash(algorithm, chunks: stamped) else {
            return .imprintAlgorithm(.unsupportedAlgorithm("hash algorithm \(info.hashAlgorithmOID) is not on the allow-list"))
        }
        if computed != info.hashedMessage {
            return .imprintMismatch(algorithm: algorithm.rawValue, stamped: info.hashedMessage.hexString, computed: computed.hexString)
        }
        if AlgorithmPolicy.weakDigests.contains(algorithm) {
            return .imprintAlgorithm(.weakAlgorithm("hash algorithm \(algorithm.rawValue) is broken or too weak"))
        }
        if !AlgorithmPolicy.allowedDigests.contains(algorithm) {
            return .imprintAlgorithm(.unsupportedAlgorithm("hash algorithm \(algorithm.rawValue) is not on the allow-list"))
        }
        return nil
    }

    /// `nil` when the certificate may sign timestamps, else why not.
    static func timeStampingUsageProblem(_ certificate: X509Certificate) -> String? {
        let flags = X509_get_extension_flags(certificate.pointer)
        guard flags & UInt32(EXFLAG_XKUSAGE) != 0 else {
            return "the TSA certificate has no extendedKeyUsage extension (timeStamping required)"
        }
        guard X509_get_extended_key_usage(certificate.pointer) & UInt32(XKU_TIMESTAMP) != 0 else {
            return "the TSA certificate's extended key usage does not allow timeStamping"
        }
        if let usage = certificate.keyUsage, usage & UInt32(KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION) == 0 {
            return "the TSA certificate's key usage allows neither digitalSignature nor nonRepudiation"
        }
        return nil
    }

    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
    }
}

extension CMSVerification {
    /// The earliest time a signature timestamp proves, when one is valid.
    public var provenSigningTime: Date? { timestamps.compactMap(\.provenTime).min() }

    /// The signature timestamp that proves ``provenSigningTime``.
    public var provingTimestamp: TimeStampVerification? {
        timestamps.filter(\.isValid).min { ($0.info?.genTime ?? .distantFuture) < ($1.info?.genTime ?? .distantFuture) }
    }
}
