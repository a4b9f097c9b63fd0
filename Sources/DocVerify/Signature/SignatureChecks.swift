/// The PDF signatures a document carries, each checked the same way whatever the
/// document's kind (`verdict.md`: "a document that carries PDF signatures has each
/// checked with the same code as a Sesame report's").
public struct SignatureOutcome: Sendable {
    /// Findings about the signatures (for any kind of document).
    public var result: AnalysisResult
    /// How many signature dictionaries the file holds.
    public var signatureCount: Int
    /// True when exactly one signature is intact, covers the whole file and chains to a trust anchor.
    public var trustedWholeFile: Bool
    /// True when the trust decision relied on a `test-` anchor.
    public var usesTestAnchor: Bool

    public init(result: AnalysisResult = AnalysisResult(), signatureCount: Int = 0, trustedWholeFile: Bool = false, usesTestAnchor: Bool = false) {
        self.result = result
        self.signatureCount = signatureCount
        self.trustedWholeFile = trustedWholeFile
        self.usesTestAnchor = usesTestAnchor
    }
}

enum SignatureChecks {
    static func run(_ context: AnalysisContext) -> SignatureOutcome {
        SignatureOutcome(signatureCount: context.structure.signatures.count)
    }
}
