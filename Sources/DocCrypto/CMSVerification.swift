public import Foundation

/// One reason a PDF signature's CMS container, its signer or its chain is not acceptable.
///
/// Each case is a distinct reason with its own ``Category``, which the verifier maps
/// to a finding code; the associated text says what exactly was wrong, for the officer.
public enum CMSFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not a BER CMS object.
    case malformed(String)
    /// The ContentInfo is not SignedData.
    case notSignedData(String)
    /// SignedData holds no SignerInfo.
    case signerCount(Int)
    /// A detached signature carries encapsulated content.
    case embeddedContent
    /// The encapsulated content type is not id-data.
    case encapsulatedContentType(String)
    /// The SignerInfo has no signed attributes (a PDF signature needs them).
    case signedAttributesMissing
    /// `contentType` absent, repeated, multi-valued or not id-data.
    case contentTypeAttribute(String)
    /// `messageDigest` absent, repeated or multi-valued.
    case messageDigestAttribute(String)
    /// `messageDigest` differs from the digest of the signed bytes.
    case digestMismatch(signed: String, computed: String)
    /// No certificate in the CMS (or the trust store) matches the SignerInfo's identifier,
    /// or two different ones do.
    case signerCertificate(String)
    /// The ESS signing-certificate attribute names a different certificate.
    case signingCertificateAttribute(String)
    /// `CMSAlgorithmProtection` names other algorithms than the SignerInfo uses.
    case algorithmProtection(String)
    /// The signature over the signed attributes does not verify with the signer's key.
    case signatureInvalid(String)
    case weakAlgorithm(String)
    case unsupportedAlgorithm(String)
    /// The value verifies, but in an encoding its algorithm identifier does not name (a plain
    /// r||s ECDSA value under an OID that names the DER form): intact, yet other validators
    /// refuse it.
    case nonstandardEncoding(String)
    /// No path from the signer to a trust anchor.
    case untrusted(String)
    /// A certificate of the path was not valid at the validation time.
    case expired(String)
    /// A certificate of the path is revoked by a believed CRL or OCSP response (the trust
    /// store's, or one the document carries).
    case revoked(String)
    /// A CRL for an issuer of the path exists but cannot be relied on (expired, bad signature …).
    case revocationUnknown(String)
    /// The signer certificate may not sign documents.
    case keyUsage(String)
    /// A reason found in one SignerInfo (1-based `index` of `count`) of a CMS that holds
    /// several; it counts in the category of the reason itself.
    indirect case inSignerInfo(index: Int, count: Int, CMSFailure)

    /// The families of reasons; each maps to one finding code.
    public enum Category: String, Sendable, Equatable {
        /// The container cannot be parsed or is not a PDF signature's CMS: the signature is invalid.
        case format
        /// The signed bytes were changed.
        case digest
        /// The signature value (or the binding of signer and attributes) does not verify.
        case signature
        case weakAlgorithm
        case unsupported
        case encoding
        case trust
        case validity
        case revocation
        case revocationUnknown
        case keyUsage
    }

    public var category: Category {
        switch self {
        case .malformed, .notSignedData, .signerCount, .embeddedContent, .encapsulatedContentType,
            .signedAttributesMissing, .contentTypeAttribute, .messageDigestAttribute:
            .format
        case .digestMismatch: .digest
        case .signerCertificate, .signingCertificateAttribute, .algorithmProtection, .signatureInvalid: .signature
        case .weakAlgorithm: .weakAlgorithm
        case .unsupportedAlgorithm: .unsupported
        case .nonstandardEncoding: .encoding
        case .untrusted: .trust
        case .expired: .validity
        case .revoked: .revocation
        case .revocationUnknown: .revocationUnknown
        case .keyUsage: .keyUsage
        case .inSignerInfo(_, _, let failure): failure.category
        }
    }

    public var description: String {
        switch self {
        case .malformed(let why): "the signature container cannot be parsed: \(why)"
        case .notSignedData(let type): "the signature container is not CMS SignedData but \(type)"
        case .signerCount(let count): "the CMS holds \(count) signers (SignerInfos)"
        case .embeddedContent: "the detached signature carries embedded content"
        case .encapsulatedContentType(let type): "the signed content type is \(type), not id-data"
        case .signedAttributesMissing: "the signer has no signed attributes"
        case .contentTypeAttribute(let why): "the contentType attribute \(why)"
        case .messageDigestAttribute(let why): "the messageDigest attribute \(why)"
        case .digestMismatch(let signed, let computed):
            "the signed digest \(signed.prefix(16))… differs from the digest of the signed bytes \(computed.prefix(16))…"
        case .signerCertificate(let why): why
        case .signingCertificateAttribute(let why): "the signing-certificate attribute \(why)"
        case .algorithmProtection(let why): "the CMSAlgorithmProtection attribute \(why)"
        case .signatureInvalid(let why): "the signature value does not verify: \(why)"
        case .weakAlgorithm(let why), .unsupportedAlgorithm(let why), .nonstandardEncoding(let why): why
        case .untrusted(let why), .expired(let why), .revoked(let why), .revocationUnknown(let why),
            .keyUsage(let why):
            why
        case .inSignerInfo(let index, let count, let failure): "SignerInfo \(index) of \(count): \(failure)"
        }
    }
}

/// Where the time the certificates were checked at came from.
public enum SigningTimeSource: String, Sendable, Equatable {
    /// The CMS `signingTime` signed attribute (covered by the signature, but claimed by the signer).
    case signedAttribute
    /// The signature dictionary's `/M` (not covered by the CMS signature).
    case signatureDictionary
    /// Neither was present or usable: the evaluation time.
    case evaluationTime
    /// A verified signature timestamp (RFC 3161, from a trusted TSA): proven, not claimed.
    case timestamp
}

/// How far revocation could be checked against the trust store's CRLs.
public enum RevocationCoverage: Sendable, Equatable {
    /// Every certificate of the path whose issuer has a CRL in the trust store was checked,
    /// and every issuer had one.
    case complete
    /// Some certificates were checked; `unchecked` names the subjects whose issuer has no CRL.
    case partial(unchecked: [String])
    /// No CRL in the trust store covers any certificate of the path.
    case none
    /// Not attempted (the path did not validate).
    case notAttempted
}

/// Everything the CMS and chain verification found for one PDF signature.
///
/// A value, never thrown: ``failures`` lists every reason the signature is not
/// acceptable (empty for a valid, trusted signature).
public struct CMSVerification: Sendable {
    public var failures: [CMSFailure] = []
    /// The signer certificate, when one was identified.
    public var signer: CertificateSummary?
    /// How the SignerInfo named its certificate.
    public var signerIdentifiedBy: SignerIdentifier?
    /// The validated path, signer first, when it validated.
    public var chain: [CertificateSummary] = []
    /// The trust-store anchor the path ends in, when it validated.
    public var anchor: TrustStore.Anchor?
    /// Whether any certificate of the path is a `test-` anchor.
    public var usesTestAnchor = false
    public var digestAlgorithm: Digest.Algorithm?
    public var signatureScheme: SignatureScheme?
    /// The time the certificates' validity was judged at.
    public var validationTime: Date?
    public var signingTimeSource: SigningTimeSource = .evaluationTime
    /// The CMS `signingTime` attribute, when present.
    public var signedSigningTime: Date?
    /// Whether the signer signed attributes (false: an adbe.pkcs7.detached signature over the
    /// content's digest itself, with no signed signing time).
    public var hasSignedAttributes = true
    public var revocation: RevocationCoverage = .notAttempted
    /// CRL files of the trust store used for the revocation check.
    public var crlFilesUsed: [String] = []
    /// The signature timestamp tokens of the SignerInfo (``TimeStampVerifier``), each verified.
    public var timestamps: [TimeStampVerification] = []
    /// How many bytes after the CMS object inside `/Contents` are not zero padding (up to
    /// the last non-zero byte): outside the CMS, covered by nothing.
    public var bytesAfterCMS = 0
    /// How many SignerInfos the SignedData holds (one in every PAdES signature). With
    /// several, the signer, chain and times above are the first one's, and ``failures``
    /// holds every SignerInfo's (``CMSFailure/inSignerInfo(index:count:_:)`` for the others).
    public var signerInfoCount = 1
    /// The 1-based indexes of the SignerInfos that are byte-for-byte copies of an earlier one
    /// (verified once, with it).
    public var signerInfoCopies: [Int] = []
    /// The 1-based indexes of the SignerInfos that are intact (digest and signature value).
    public var intactSignerInfos: [Int] = []
    /// What the document's own revocation data said, per certificate and source
    /// (`"the signer certificate: good (an OCSP response in the document's DSS)"`).
    public var revocationSources: [String] = []
    /// Revocation data that was ignored, and why (never trusted).
    public var revocationNotes: [String] = []

    public enum SignerIdentifier: String, Sendable, Equatable {
        case issuerAndSerialNumber
        case subjectKeyIdentifier
    }

    public init() {}

    /// The signed bytes are unchanged and the signature value verifies with an allowed
    /// algorithm (nothing said yet about trust).
    /// The signed bytes are what was signed and the signature value holds. A weak algorithm
    /// (MD5, SHA-1, a short key) leaves a signature intact but no longer proves it
    /// (`SIG_WEAK_ALGORITHM`, warn); it is never ``isValidAndTrusted``.
    public var isIntact: Bool {
        !failures.contains { [.format, .digest, .signature, .unsupported].contains($0.category) }
    }

    /// Intact and chained to an anchor, valid at the validation time, with the right key usage, not revoked.
    /// A value in a nonstandard encoding (``CMSFailure/nonstandardEncoding(_:)``) still
    /// verified, and is reported on its own.
    public var isValidAndTrusted: Bool { failures.allSatisfy { $0.category == .encoding } && anchor != nil }

    func has(_ category: CMSFailure.Category) -> Bool { failures.contains { $0.category == category } }
}
