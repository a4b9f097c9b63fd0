public import DocCrypto
public import Foundation

/// What one signature dictionary's checks found.
public struct SignatureReport: Sendable {
    /// 1-based position among the file's signature dictionaries.
    public var index: Int
    public var objectNumber: Int
    public var subFilter: String?
    /// Why the format is not verified, when it is not (`SIG_UNSUPPORTED`).
    public var unsupportedReason: String?
    /// Broken `/ByteRange` or gap rules (`SIG_BYTERANGE_INVALID`).
    public var byteRangeProblems: [String]
    /// What follows the signed range; `nil` when the byte range could not be used.
    public var coverageDescription: String?
    public var coversWholeFile: Bool
    /// The signed range ends at a revision boundary and later revisions or bytes follow.
    public var updatedAfterSigning: Bool
    /// The last revision (index in ``PDFStructure/revisions``) the signed bytes cover, when
    /// they end at a revision boundary or at the end of the file.
    public var signedRevision: Int? = nil
    /// The CMS and chain verification, when it could run.
    public var cms: CMSVerification?
    /// For a document timestamp (`/SubFilter /ETSI.RFC3161`): its token's verification
    /// (``cms`` stays `nil`).
    public var timestamp: TimeStampVerification? = nil
    /// How many revisions after the signed one only add long-term validation data
    /// (`SIG_LTV_UPDATES`); when nonzero the signature counts as covering the whole file.
    public var validationDataRevisions = 0
    /// The later signatures (their 1-based ``index``) whose revisions, with validation data,
    /// are all that follows this one (`SIG_LATER_SIGNATURE`); then it is not
    /// ``updatedAfterSigning``, though it does not cover the whole file.
    public var laterSignatures: [Int] = []

    /// Byte range, gap, digest, signature value and algorithms all correct (trust aside);
    /// for a document timestamp, byte range and gap correct and the token not broken.
    public var isIntact: Bool {
        guard unsupportedReason == nil, byteRangeProblems.isEmpty else { return false }
        if let timestamp { return !timestamp.isBroken }
        return cms?.isIntact ?? false
    }

    /// Not intact for a reason other than that it cannot be checked here: its byte range,
    /// container, digest or signature value fails. An unsupported format or algorithm
    /// alone is not broken (`SIG_UNSUPPORTED`: neither proven nor forged).
    public var isBroken: Bool {
        guard !isIntact else { return false }
        if !byteRangeProblems.isEmpty { return true }
        if unsupportedReason != nil { return false }
        if let timestamp { return timestamp.isBroken }
        guard let cms else { return true }
        return cms.failures.contains { [.format, .digest, .signature].contains($0.category) }
    }

    /// Intact, whole file, and chained to a trust anchor with every certificate check passed.
    public var isValidTrustedWholeFile: Bool {
        isIntact && coversWholeFile && (cms?.isValidAndTrusted ?? false)
    }
}

/// The PDF signatures a document carries, each checked the same way whatever the
/// document's kind (`docs/verdict.md`, "From findings to the verdict": the same code judges the
/// signatures of every kind; only the severities differ).
///
/// ``result`` holds the findings for the document's kind, ready to merge: for a Sesame
/// report the strict profile (exactly one signature, whole file, trusted issuer); for
/// any other document each signature's integrity, with later revisions as `warn` and an
/// issuer outside the trust store as `info`; for a bank statement additionally the
/// statement-level finding ``statementFinding`` (`SIGNATURE_INVALID` or `SIGNED_BY_BANK`),
/// so the statement checks need only merge ``result``.
public struct SignatureOutcome: Sendable {
    /// Findings about the signatures (for any kind of document), plus detail lines.
    public var result: AnalysisResult
    /// How many signature dictionaries the file holds.
    public var signatureCount: Int
    /// True when exactly one signature is intact, covers the whole file and chains to a trust anchor.
    public var trustedWholeFile: Bool
    /// True when the trust decision relied on a `test-` anchor.
    public var usesTestAnchor: Bool
    /// Each signature's checks, in file order (document timestamps apart).
    public var reports: [SignatureReport]
    /// Each document timestamp's checks, in file order: verified and reported, never
    /// counted as signatures.
    public var timestampReports: [SignatureReport] = []
    /// True when exactly one signature is intact and covers the whole file, trusted or not.
    public var intactWholeFile: Bool
    /// True when any signature or document timestamp is broken (byte range, gap, digest,
    /// value, a timestamp stamping other bytes): the document was changed or forged.
    public var anyBroken: Bool
    /// The signer certificate of the single (or first intact) signature.
    public var signer: CertificateSummary?
    /// The trust anchor it chains to, when trusted.
    public var anchor: TrustStore.Anchor?
    /// The time the certificates were judged at and where it came from.
    public var signingTime: Date?
    public var signingTimeSource: SigningTimeSource?
    /// The signature timestamp that proves ``signingTime`` (source ``SigningTimeSource/timestamp``).
    public var signingTimestamp: TimeStampVerification?
    /// For a bank statement: `SIGNATURE_INVALID` (any signature broken) or
    /// `SIGNED_BY_BANK` (one intact whole-file signature); already in ``result``.
    public var statementFinding: Finding?
    /// The last revision an intact author signature (not a document timestamp) signs over:
    /// the revisions up to it are a signer's own, not later changes.
    public var signedThroughRevision: Int?

    public init(
        result: AnalysisResult = AnalysisResult(), signatureCount: Int = 0, trustedWholeFile: Bool = false,
        usesTestAnchor: Bool = false, reports: [SignatureReport] = [], intactWholeFile: Bool = false,
        anyBroken: Bool = false, signer: CertificateSummary? = nil, anchor: TrustStore.Anchor? = nil,
        signingTime: Date? = nil, signingTimeSource: SigningTimeSource? = nil, statementFinding: Finding? = nil
    ) {
        self.result = result
        self.signatureCount = signatureCount
        self.trustedWholeFile = trustedWholeFile
        self.usesTestAnchor = usesTestAnchor
        self.reports = reports
        self.intactWholeFile = intactWholeFile
        self.anyBroken = anyBroken
        self.signer = signer
        self.anchor = anchor
        self.signingTime = signingTime
        self.signingTimeSource = signingTimeSource
        self.statementFinding = statementFinding
    }

    /// The issuer as the clerk should read it: the anchor's name when trusted, else the
    /// signer certificate's issuer (a claim).
    public var issuerDisplayName: String? {
        if let anchor { return Self.shortName(anchor.subject) }
        return signer.map { Self.shortName($0.issuer) }
    }

    /// `CN, O` from an RFC 2253 name, else the name.
    static func shortName(_ dn: String) -> String {
        let parts = dn.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let cn = parts.first { $0.hasPrefix("CN=") }.map { String($0.dropFirst(3)) }
        let o = parts.first { $0.hasPrefix("O=") }.map { String($0.dropFirst(2)) }
        let joined = [cn, o].compactMap { $0 }.joined(separator: ", ")
        return joined.isEmpty ? dn : joined
    }
}

/// A finding message about a signature: `label` names the signature when the file has
/// several (`Signature 2 of 3 (object 14): `); alone, the sentence starts with a capital.
func sentence(_ label: String, _ text: String) -> String {
    guard label.isEmpty, let first = text.first else { return label + text }
    return first.uppercased() + text.dropFirst()
}
